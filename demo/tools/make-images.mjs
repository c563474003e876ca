#!/usr/bin/env node
// Generates the demo SVG illustrations for Il Controvento.
//
//   npx tsx demo/tools/make-images.mjs
//
// Reads the demo with the project's own front-matter reader and YAML parser (hence tsx). Output is
// deterministic: every illustration is seeded by its slug, so re-running produces the same files.
//
// - demo/media/articoli/<slug>.svg  for every article whose front matter has
//   an `image:` block (1200x675, abstract, no text, <title> = alt text)
// - demo/media/autori/<slug>.svg    for every author in authors.yaml (240x240)
// - demo/media/logo.svg (600x60) and demo/media/favicon.svg (64x64)

import { readFileSync, writeFileSync, readdirSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { readFrontMatter } from '../../src/domain/front-matter.ts';

const DEMO = join(dirname(fileURLToPath(import.meta.url)), '..');
const W = 1200;
const H = 675;
const MAX_ARTICLE_BYTES = 6 * 1024;
const MAX_AVATAR_BYTES = 2 * 1024;

// ---------------------------------------------------------------- utilities

function hash(str) {
  // FNV-1a, 32 bit
  let h = 0x811c9dc5;
  for (const ch of str) {
    h ^= ch.codePointAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function rng(seed) {
  // mulberry32
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  next.pick = (arr) => arr[Math.floor(next() * arr.length)];
  next.range = (lo, hi) => lo + next() * (hi - lo);
  return next;
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (x) => Math.round(x);

// Newspaper palette
const P = {
  paper: '#f4efe4',
  paper2: '#e8dfcc',
  ink: '#1f2a44',
  navy: '#2b3a5c',
  red: '#a23b2a',
  brick: '#b8573f',
  ochre: '#c8963e',
  gold: '#d9b45a',
  sand: '#e2d3b5',
  slate: '#5b6b7a',
  grey: '#9aa3ab',
  teal: '#2f6f73',
  sky: '#9fbcd0',
  pale: '#cddbe4',
  green: '#5f7f4f',
  sage: '#9bb08a',
};

function lin(id, stops, vertical = true) {
  const dir = vertical ? 'x1="0" y1="0" x2="0" y2="1"' : 'x1="0" y1="0" x2="1" y2="0"';
  const s = stops.map(([o, c]) => `<stop offset="${o}" stop-color="${c}"/>`).join('');
  return `<linearGradient id="${id}" ${dir}>${s}</linearGradient>`;
}

// A smooth, wavy horizontal band from x=0 to x=W, closed to the bottom.
function wave(r, y, amp, segs, bottom = H) {
  const step = W / segs;
  let d = `M0 ${n(y + r.range(-amp, amp))}`;
  for (let i = 1; i <= segs; i++) {
    const x = i * step;
    d += ` Q${n(x - step / 2)} ${n(y + r.range(-amp, amp) * 1.6)} ${n(x)} ${n(y + r.range(-amp, amp))}`;
  }
  return `${d} L${W} ${bottom} L0 ${bottom}Z`;
}

// ---------------------------------------------------------------- motifs
// Each motif returns { defs, body }.

const motifs = {
  fields(r) {
    const defs = lin('s', [
      [0, P.pale],
      [1, P.paper],
    ]);
    let body = `<rect width="${W}" height="${H}" fill="url(#s)"/>`;
    body += `<circle cx="${r.int(750, 1050)}" cy="${r.int(90, 170)}" r="${r.int(50, 80)}" fill="${P.gold}" opacity=".8"/>`;
    const cols = [P.sand, P.gold, P.ochre, '#b9863a', '#a87532'];
    for (let i = 0; i < 5; i++) {
      body += `<path d="${wave(r, 260 + i * 85, 25, 4)}" fill="${cols[i]}"/>`;
    }
    for (let i = 0; i < 4; i++) {
      const y0 = r.int(300, 640);
      const y1 = r.int(240, 600);
      body += `<path d="M-20 ${y0} C300 ${r.int(150, 650)} 800 ${r.int(150, 650)} 1220 ${y1}" fill="none" stroke="${P.navy}" stroke-width="4" stroke-dasharray="18 12" opacity=".7"/>`;
    }
    return { defs, body };
  },

  wheat(r) {
    const defs =
      lin('s', [
        [0, P.ink],
        [1, P.navy],
      ]) +
      `<g id="e"><ellipse cx="-9" cy="0" rx="7" ry="15" transform="rotate(-25 -9 0)"/><ellipse cx="9" cy="0" rx="7" ry="15" transform="rotate(25 9 0)"/></g>`;
    let body = `<rect width="${W}" height="${H}" fill="url(#s)"/>`;
    body += `<path d="${wave(r, 560, 12, 6)}" fill="${P.teal}" opacity=".45"/>`;
    for (let i = 0; i < 11; i++) {
      const x = 90 + i * 100 + r.int(-25, 25);
      const top = r.int(120, 300);
      const lean = r.int(-40, 40);
      const c = r.pick([P.gold, P.ochre, P.sand]);
      body += `<g fill="${c}" stroke="${c}"><path d="M${x} ${H} Q${x} ${n((H + top) / 2)} ${x + lean} ${top}" fill="none" stroke-width="4"/>`;
      for (let k = 0; k < 6; k++) {
        body += `<use href="#e" x="${x + lean}" y="${top + 12 + k * 26}"/>`;
      }
      body += `</g>`;
    }
    return { defs, body };
  },

  tanks(r) {
    const defs =
      lin('s', [
        [0, P.paper],
        [1, P.paper2],
      ]) +
      lin(
        't',
        [
          [0, P.slate],
          [1, P.navy],
        ],
        false,
      );
    let body = `<rect width="${W}" height="${H}" fill="url(#s)"/><rect y="560" width="${W}" height="115" fill="${P.grey}" opacity=".5"/>`;
    const count = r.int(4, 5);
    const gap = W / count;
    for (let i = 0; i < count; i++) {
      const cx = n(gap * i + gap / 2);
      const w = r.int(150, 190);
      const h = r.int(300, 420);
      const x = cx - w / 2;
      const y = 570 - h;
      const lvl = r.range(0.35, 0.95);
      const fy = n(570 - h * lvl);
      body += `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="12" fill="${P.pale}" stroke="${P.ink}" stroke-width="3"/>`;
      body += `<rect x="${x + 3}" y="${fy}" width="${w - 6}" height="${567 - fy}" fill="url(#t)"/>`;
      body += `<ellipse cx="${cx}" cy="${y}" rx="${w / 2}" ry="16" fill="${P.sky}" stroke="${P.ink}" stroke-width="3"/>`;
      body += `<line x1="${x}" y1="${fy}" x2="${x + w}" y2="${fy}" stroke="${P.red}" stroke-width="4"/>`;
    }
    return { defs, body };
  },

  river(r, opts = {}) {
    const defs = '';
    let body = `<rect width="${W}" height="${H}" fill="${P.sand}"/>`;
    if (opts.highlands) {
      body += `<path d="M0 0H${r.int(520, 640)}C${r.int(420, 520)} 120 ${r.int(300, 380)} 220 0 ${r.int(260, 320)}Z" fill="${P.sage}"/>`;
      body += `<path d="M0 0H${r.int(320, 380)}C${r.int(240, 300)} 80 150 140 0 ${r.int(150, 190)}Z" fill="${P.green}"/>`;
    }
    for (let i = 0; i < 6; i++) {
      const cx = r.int(100, 1100);
      const cy = r.int(80, 600);
      const rx = r.int(60, 180);
      const ry = r.int(30, 90);
      body += `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="none" stroke="${P.ochre}" stroke-width="2" opacity=".6"/>`;
      body += `<ellipse cx="${cx}" cy="${cy}" rx="${n(rx * 0.6)}" ry="${n(ry * 0.6)}" fill="none" stroke="${P.ochre}" stroke-width="2" opacity=".4"/>`;
    }
    let x = r.int(250, 450);
    let d = `M${x} -10`;
    for (let y = 140; y <= 840; y += 140) {
      x += r.int(-50, 80);
      d += ` S${x + r.int(-110, 110)} ${y - 70} ${x} ${y}`;
    }
    body += `<path d="${d}" fill="none" stroke="${P.teal}" stroke-width="30" stroke-linecap="round"/>`;
    body += `<path d="${d}" fill="none" stroke="${P.sky}" stroke-width="14" stroke-linecap="round"/>`;
    for (let i = 0; i < 3; i++) {
      const y = r.int(120, 480);
      const dir = r() > 0.5 ? 1 : -1;
      body += `<path d="M${x + dir * r.int(-250, -150)} ${y} q${dir * 120} ${r.int(-60, 60)} ${dir * r.int(220, 320)} ${r.int(30, 90)}" fill="none" stroke="${P.sky}" stroke-width="6" stroke-linecap="round"/>`;
    }
    if (opts.delta) {
      for (let i = -3; i <= 3; i++) {
        body += `<path d="M${x} 560 q${i * 20} 60 ${i * 70} 130" fill="none" stroke="${P.teal}" stroke-width="5"/>`;
      }
    }
    body += `<rect x="20" y="20" width="${W - 40}" height="${H - 40}" fill="none" stroke="${P.ink}" stroke-width="2" opacity=".5"/>`;
    return { defs, body };
  },

  crystals(r) {
    const defs = lin('s', [
      [0, P.paper],
      [1, P.sand],
    ]);
    let body = `<rect width="${W}" height="${H}" fill="url(#s)"/>`;
    const cols = [P.red, P.brick, P.slate, P.grey, P.ink, '#7d8891'];
    for (let i = 0; i < 34; i++) {
      const cx = r.int(0, W);
      const cy = r.int(0, H);
      const s = r.int(40, 170);
      const a = r.range(0, Math.PI * 2);
      const pts = [0, 1, 2].map((k) => {
        const ang = a + k * 2.1 + r.range(-0.4, 0.4);
        return `${n(cx + Math.cos(ang) * s)},${n(cy + Math.sin(ang) * s)}`;
      });
      body += `<polygon points="${pts.join(' ')}" fill="${r.pick(cols)}" opacity="${r.range(0.35, 0.9).toFixed(2)}"/>`;
    }
    return { defs, body };
  },

  beams(r) {
    const defs = lin('s', [
      [0, P.ink],
      [1, '#16203a'],
    ]);
    let body = `<rect width="${W}" height="${H}" fill="url(#s)"/>`;
    for (let i = 0; i < 9; i++) {
      const cx = r.int(100, 1100);
      const cy = r.int(80, 600);
      const len = r.int(700, 1400);
      const th = r.int(26, 48);
      const ang = r.pick([-35, -20, -8, 0, 12, 25, 38, 90]) + r.int(-4, 4);
      const c = r.pick([P.slate, P.grey, '#6f7d8a', P.red]);
      body += `<g transform="translate(${cx} ${cy}) rotate(${ang})" opacity=".9">`;
      body += `<rect x="${-len / 2}" y="${-th / 2}" width="${len}" height="${th}" fill="${c}"/>`;
      body += `<rect x="${-len / 2}" y="${-th / 2}" width="${len}" height="6" fill="${P.pale}" opacity=".5"/>`;
      body += `<line x1="${-len / 2}" y1="${th / 2 - 3}" x2="${len / 2}" y2="${th / 2 - 3}" stroke="${P.ink}" stroke-width="3" stroke-dasharray="2 30"/>`;
      body += `</g>`;
    }
    return { defs, body };
  },

  rainSkyline(r) {
    const defs =
      lin('s', [
        [0, '#6f7d8a'],
        [1, P.pale],
      ]) +
      `<pattern id="p" width="40" height="60" patternUnits="userSpaceOnUse"><line x1="30" y1="0" x2="18" y2="36" stroke="${P.paper}" stroke-width="2" opacity=".6"/></pattern>`;
    let body = `<rect width="${W}" height="${H}" fill="url(#s)"/>`;
    body += `<path d="${wave(r, 130, 30, 3, 0)}" fill="${P.slate}" opacity=".6"/>`;
    let x = 0;
    let sky = '';
    while (x < W) {
      const w = r.int(40, 110);
      const h = r.int(90, 260) + (x > 700 && x < 900 ? 60 : 0);
      sky += `<rect x="${x}" y="${540 - h}" width="${w + 1}" height="${h}"/>`;
      x += w;
    }
    body += `<g fill="${P.navy}">${sky}</g>`;
    body += `<path d="M560 300 L600 230 L640 300Z" fill="${P.navy}"/>`;
    body += `<rect y="540" width="${W}" height="135" fill="${P.teal}"/>`;
    body += `<rect y="540" width="${W}" height="8" fill="${P.pale}" opacity=".5"/>`;
    body += `<rect width="${W}" height="${H}" fill="url(#p)"/>`;
    return { defs, body };
  },

  scaffolding(r) {
    const defs =
      lin('s', [
        [0, P.paper],
        [1, P.paper2],
      ]) +
      `<pattern id="w" width="60" height="70" patternUnits="userSpaceOnUse"><rect x="18" y="20" width="24" height="34" fill="${P.ink}" opacity=".35"/></pattern>` +
      `<pattern id="g" width="90" height="70" patternUnits="userSpaceOnUse"><path d="M0 0H90M0 0V70M0 0L90 70" fill="none" stroke="${P.slate}" stroke-width="4"/></pattern>`;
    let body = `<rect width="${W}" height="${H}" fill="url(#s)"/>`;
    let x = 20;
    while (x < W - 60) {
      const w = r.int(180, 300);
      const h = r.int(380, 560);
      const c = r.pick([P.ochre, P.sand, P.gold, P.brick, P.grey]);
      body += `<rect x="${x}" y="${H - h}" width="${w}" height="${h}" fill="${c}"/><rect x="${x}" y="${H - h}" width="${w}" height="${h}" fill="url(#w)"/>`;
      if (r() > 0.35) {
        body += `<rect x="${x - 10}" y="${H - h - 20}" width="${w + 20}" height="${h + 20}" fill="url(#g)" opacity=".8"/>`;
      }
      x += w + r.int(10, 30);
    }
    return { defs, body };
  },

  bars(r) {
    const defs = '';
    let body = `<rect width="${W}" height="${H}" fill="${P.paper}"/>`;
    for (let y = 135; y < 600; y += 90) {
      body += `<line x1="90" y1="${y}" x2="1110" y2="${y}" stroke="${P.grey}" stroke-width="1.5" opacity=".6"/>`;
    }
    const count = r.int(8, 11);
    const step = 1000 / count;
    for (let i = 0; i < count; i++) {
      const h = r.int(90, 440);
      const c = i % 3 === 2 ? P.red : i % 2 ? P.navy : P.slate;
      body += `<rect x="${n(110 + i * step)}" y="${585 - h}" width="${n(step * 0.62)}" height="${h}" fill="${c}"/>`;
    }
    body += `<line x1="80" y1="585" x2="1120" y2="585" stroke="${P.ink}" stroke-width="4"/>`;
    body += `<rect x="0" y="0" width="${W}" height="14" fill="${P.ink}"/>`;
    return { defs, body };
  },

  housesCross(r) {
    const defs = `<path id="h" d="M0 40L40 8L80 40V100H0Z"/>`;
    let body = `<rect width="${W}" height="${H}" fill="${P.paper}"/>`;
    for (let row = 0; row < 6; row++) {
      for (let col = 0; col < 13; col++) {
        const c = r.pick([P.sand, P.paper2, P.pale, P.grey, P.sage]);
        body += `<use href="#h" x="${col * 95 + (row % 2) * 40 - 20}" y="${row * 115 + 10}" fill="${c}"/>`;
      }
    }
    const cx = r.int(480, 720);
    const cy = r.int(280, 390);
    body += `<circle cx="${cx}" cy="${cy}" r="170" fill="${P.paper}" stroke="${P.ink}" stroke-width="4"/>`;
    body += `<path d="M${cx - 35} ${cy - 110}h70v75h75v70h-75v75h-70v-75h-75v-70h75Z" fill="${P.green}"/>`;
    return { defs, body };
  },

  school(r) {
    const defs =
      lin('s', [
        [0, P.pale],
        [1, P.paper],
      ]) +
      `<g id="f" stroke="${P.paper}" stroke-width="4" stroke-linecap="round"><path d="M0 -18V18M-16 -9L16 9M-16 9L16 -9"/></g>`;
    let body = `<rect width="${W}" height="${H}" fill="url(#s)"/>`;
    for (let i = 0; i < 18; i++) {
      body += `<use href="#f" x="${r.int(30, 1170)}" y="${r.int(30, 230)}" opacity="${r.range(0.5, 1).toFixed(2)}" stroke="${P.slate}"/>`;
    }
    body += `<rect x="200" y="260" width="800" height="360" fill="${P.brick}"/>`;
    body += `<path d="M170 265L600 ${r.int(120, 160)}L1030 265Z" fill="${P.ink}"/>`;
    for (let row = 0; row < 3; row++) {
      for (let col = 0; col < 8; col++) {
        if (row === 2 && (col === 3 || col === 4)) continue;
        const lit = r() > 0.7;
        body += `<rect x="${240 + col * 95}" y="${300 + row * 100}" width="55" height="70" fill="${lit ? P.gold : P.sky}"/>`;
      }
    }
    body += `<rect x="545" y="500" width="110" height="120" fill="${P.ink}"/>`;
    body += `<rect y="620" width="${W}" height="55" fill="${P.grey}"/>`;
    return { defs, body };
  },

  containers(r) {
    const defs =
      lin('s', [
        [0, P.pale],
        [1, P.paper],
      ]) +
      `<pattern id="c" width="12" height="10" patternUnits="userSpaceOnUse"><rect width="3" height="10" fill="#000" opacity=".18"/></pattern>`;
    let body = `<rect width="${W}" height="${H}" fill="url(#s)"/>`;
    const cx = r.int(750, 1000);
    body += `<path d="M${cx} 60V470M${cx - 260} 90H${cx + 120}M${cx - 240} 90L${cx} 60L${cx + 100} 90" fill="none" stroke="${P.red}" stroke-width="10"/>`;
    body += `<line x1="${cx - 180}" y1="90" x2="${cx - 180}" y2="230" stroke="${P.ink}" stroke-width="3"/>`;
    const cols = [P.red, P.navy, P.ochre, P.teal, P.slate, P.brick];
    let stacks = '';
    let shapes = '';
    for (let x = 20; x < W - 100; x += 150) {
      const rows = r.int(2, 6);
      for (let k = 0; k < rows; k++) {
        const geom = `x="${x}" y="${520 - (k + 1) * 52}" width="144" height="48"`;
        stacks += `<rect ${geom} fill="${r.pick(cols)}"/>`;
        shapes += `<rect ${geom}/>`;
      }
    }
    const clip = `<clipPath id="k">${shapes}</clipPath>`;
    body += stacks;
    body += `<rect y="150" width="${W}" height="370" fill="url(#c)" clip-path="url(#k)"/>`;
    body += `<path d="${wave(r, 530, 6, 8)}" fill="${P.ink}"/>`;
    body += `<path d="${wave(r, 580, 6, 8)}" fill="${P.navy}"/>`;
    return { defs: defs + clip, body };
  },

  arches(r) {
    const defs = lin('s', [
      [0, P.brick],
      [1, '#8f4331'],
    ]);
    let body = `<rect width="${W}" height="${H}" fill="url(#s)"/>`;
    const cols = [P.ochre, P.sand, P.pale, P.gold, P.sky, P.paper];
    const cx = 600 + r.int(-80, 80);
    for (let i = 0; i < 7; i++) {
      const rad = 620 - i * 80;
      body += `<path d="M${cx - rad} ${H}V${H - 40}A${rad} ${rad} 0 0 1 ${cx + rad} ${H - 40}V${H}Z" fill="${cols[(i + r.int(0, 5)) % cols.length]}"/>`;
    }
    for (let i = 0; i < 4; i++) {
      const x = 120 + i * 320 + r.int(-20, 20);
      body += `<path d="M${x - 70} ${H}V330A70 70 0 0 1 ${x + 70} 330V${H}" fill="none" stroke="${P.ink}" stroke-width="6" opacity=".35"/>`;
    }
    body += `<circle cx="${cx}" cy="${r.int(260, 330)}" r="${r.int(28, 40)}" fill="${P.red}" opacity=".7"/>`;
    return { defs, body };
  },

  books(r) {
    const defs = '';
    let body = `<rect width="${W}" height="${H}" fill="${P.paper2}"/>`;
    const cols = [P.red, P.navy, P.ochre, P.teal, P.green, P.slate, P.brick, P.gold, P.ink, P.sage];
    for (let shelf = 0; shelf < 3; shelf++) {
      const base = 215 + shelf * 215;
      let x = 40 + r.int(0, 30);
      while (x < W - 60) {
        const w = r.int(34, 78);
        const h = r.int(110, 180);
        if (r() < 0.06) {
          x += r.int(30, 70);
          continue;
        }
        const lean = r() < 0.05;
        body += `<rect x="${x}" y="${base - h}" width="${w}" height="${h}" fill="${r.pick(cols)}"${lean ? ` transform="rotate(-8 ${x + w} ${base})"` : ''}/>`;
        if (w > 56)
          body += `<rect x="${x + 6}" y="${base - h + 18}" width="${w - 12}" height="5" fill="${P.paper}" opacity=".7"/>`;
        x += w + 3;
      }
      body += `<rect x="20" y="${base}" width="${W - 40}" height="14" fill="#7a5a36"/>`;
    }
    return { defs, body };
  },

  shores(r) {
    const defs = lin(
      'm',
      [
        [0, P.teal],
        [1, P.navy],
      ],
      false,
    );
    let body = `<rect width="${W}" height="${H}" fill="url(#m)"/>`;
    const a = r.int(300, 380);
    const b = r.int(820, 900);
    body += `<path d="M0 0H${a}C${a + 80} 200 ${a - 60} 420 ${a + 40} ${H}H0Z" fill="${P.sand}"/>`;
    body += `<path d="M${W} 0H${b}C${b - 70} 180 ${b + 60} 450 ${b - 30} ${H}H${W}Z" fill="${P.sage}"/>`;
    body += `<path d="M${W} 0H${b + 90}C${b + 40} 200 ${b + 120} 450 ${b + 70} ${H}H${W}Z" fill="${P.green}"/>`;
    for (let i = 0; i < 5; i++) {
      const y0 = r.int(80, 600);
      const y1 = r.int(80, 600);
      body += `<path d="M${a + 20} ${y0}C${a + 200} ${y0 - r.int(60, 160)} ${b - 200} ${y1 - r.int(60, 160)} ${b - 20} ${y1}" fill="none" stroke="${P.paper}" stroke-width="4" stroke-dasharray="14 12"/>`;
      body += `<circle cx="${b - 20}" cy="${y1}" r="8" fill="${P.paper}"/>`;
    }
    return { defs, body };
  },

  savanna(r) {
    const defs = lin('s', [
      [0, '#e39a4f'],
      [0.6, P.gold],
      [1, P.sand],
    ]);
    let body = `<rect width="${W}" height="${H}" fill="url(#s)"/>`;
    body += `<circle cx="${r.int(450, 750)}" cy="${r.int(330, 380)}" r="${r.int(150, 190)}" fill="${P.brick}" opacity=".85"/>`;
    for (let i = 0; i < 3; i++) {
      const y = r.int(60, 200);
      const x = r.int(-100, 700);
      body += `<rect x="${x}" y="${y}" width="${r.int(400, 700)}" height="${r.int(26, 50)}" rx="25" fill="${P.slate}" opacity=".75"/>`;
    }
    body += `<path d="${wave(r, 470, 14, 5)}" fill="#8a6a3a"/>`;
    for (let i = 0; i < 4; i++) {
      const x = r.int(60, 1140);
      const y = r.int(470, 500);
      const s = r.range(0.7, 1.3);
      body += `<g fill="${P.ink}" transform="translate(${x} ${y}) scale(${s.toFixed(2)})"><path d="M-4 0L-2 -110H2L4 0Z"/><ellipse cx="0" cy="-115" rx="95" ry="22"/></g>`;
    }
    body += `<rect y="600" width="${W}" height="75" fill="#6d5230"/>`;
    return { defs, body };
  },

  circles(r) {
    const defs = '';
    let body = `<rect width="${W}" height="${H}" fill="${P.paper}"/>`;
    const groups = [
      [r.int(300, 420), r.int(280, 380), 260, P.red],
      [r.int(760, 880), r.int(200, 300), 150, P.slate],
      [r.int(900, 1050), r.int(450, 560), 90, P.navy],
      [r.int(120, 220), r.int(520, 600), 60, P.ochre],
      [r.int(620, 700), r.int(520, 600), 45, P.teal],
    ];
    for (const [cx, cy, rad, c] of groups) {
      body += `<circle cx="${cx}" cy="${cy}" r="${rad}" fill="${c}" opacity=".18"/>`;
      for (let k = 1; k <= 4; k++) {
        body += `<circle cx="${cx}" cy="${cy}" r="${n((rad * k) / 4)}" fill="none" stroke="${c}" stroke-width="${k === 4 ? 4 : 2}"/>`;
      }
      body += `<circle cx="${cx}" cy="${cy}" r="${Math.max(8, n(rad / 10))}" fill="${c}"/>`;
    }
    return { defs, body };
  },

  lineChart(r) {
    const defs = `<pattern id="g" width="60" height="60" patternUnits="userSpaceOnUse"><path d="M60 0H0V60" fill="none" stroke="${P.grey}" stroke-width="1" opacity=".6"/></pattern>`;
    let body = `<rect width="${W}" height="${H}" fill="${P.paper}"/><rect x="60" y="60" width="1080" height="540" fill="url(#g)"/>`;
    const line = (c, base, spread, fill) => {
      const pts = [];
      for (let x = 60; x <= 1140; x += 45) {
        const winter = x < 300 || x > 950 ? -spread : 0;
        pts.push([x, n(base + winter + r.range(-spread, spread) * 0.7)]);
      }
      const d = pts.map(([x, y], i) => `${i ? 'L' : 'M'}${x} ${y}`).join('');
      let out = '';
      if (fill) out += `<path d="${d}L1140 600L60 600Z" fill="${c}" opacity=".15"/>`;
      out += `<path d="${d}" fill="none" stroke="${c}" stroke-width="6" stroke-linejoin="round"/>`;
      return out;
    };
    body += line(P.navy, 430, 70, true);
    body += line(P.red, 330, 140, false);
    body += `<line x1="60" y1="600" x2="1140" y2="600" stroke="${P.ink}" stroke-width="4"/>`;
    return { defs, body };
  },

  balance(r) {
    const defs = lin('s', [
      [0, P.paper],
      [1, P.paper2],
    ]);
    let body = `<rect width="${W}" height="${H}" fill="url(#s)"/>`;
    const tilt = r.int(8, 14) * (r() > 0.5 ? 1 : -1);
    body += `<path d="M600 200L520 600H680Z" fill="${P.navy}"/><rect x="440" y="595" width="320" height="24" fill="${P.ink}"/>`;
    body += `<g transform="rotate(${tilt} 600 200)">`;
    body += `<rect x="230" y="192" width="740" height="16" fill="${P.ink}"/>`;
    for (const [x, c] of [
      [270, P.ochre],
      [930, P.slate],
    ]) {
      body += `<path d="M${x} 200L${x - 80} 380M${x} 200L${x + 80} 380" stroke="${P.ink}" stroke-width="3"/>`;
      body += `<path d="M${x - 110} 380H${x + 110}A110 60 0 0 1 ${x - 110} 380Z" fill="${c}"/>`;
    }
    body += `</g><circle cx="600" cy="200" r="22" fill="${P.red}"/>`;
    for (let i = 0; i < 5; i++) {
      const x = r.int(40, 1100);
      const y = r.int(420, 560);
      if (x > 380 && x < 780) continue;
      body += `<rect x="${x}" y="${y}" width="${r.int(30, 70)}" height="${r.int(30, 70)}" fill="${r.pick([P.ochre, P.sky, P.sand])}" opacity=".6" transform="rotate(${r.int(0, 45)} ${x} ${y})"/>`;
    }
    return { defs, body };
  },
};

// Which motif illustrates which article.
const MOTIF_BY_SLUG = {
  'vertice-sul-grano-a-mosca': ['fields'],
  'gas-intesa-sugli-stoccaggi-comuni': ['tanks'],
  'conferenza-sulle-acque-del-nilo': ['river', {}],
  'pechino-stretta-export-terre-rare': ['crystals'],
  'washington-indagine-acciaio-europeo': ['beams'],
  'nubifragio-a-napoli-metro-chiusa': ['rainSkyline'],
  'milano-frode-bonus-edilizi': ['scaffolding'],
  'manovra-approvata-in-consiglio-dei-ministri': ['bars'],
  'medici-di-famiglia-la-riforma': ['housesCross'],
  'torino-scuole-senza-riscaldamento': ['school'],
  'genova-porto-record-container': ['containers'],
  'napoli-affreschi-ritrovati': ['arches'],
  'milano-festival-librerie-indipendenti': ['books'],
  'tunisi-accordo-visti-lavoro-stagionale': ['shores'],
  'nairobi-vertice-finanza-climatica': ['savanna'],
  'terre-rare-cosa-rischia-l-europa': ['circles'],
  'nilo-la-diplomazia-dell-acqua': ['river', { highlands: true, delta: true }],
  'pronto-soccorso-dove-si-aspetta-di-piu': ['lineChart'],
  'la-manovra-e-il-coraggio-che-manca': ['balance'],
  'il-grano-la-fame-e-la-memoria': ['wheat'],
};
const FALLBACK_MOTIFS = ['crystals', 'circles', 'bars', 'fields', 'arches'];

// ---------------------------------------------------------------- writers

function articleSvg(slug, alt) {
  const r = rng(hash(slug));
  const [name, opts] = MOTIF_BY_SLUG[slug] ?? [FALLBACK_MOTIFS[hash(slug) % FALLBACK_MOTIFS.length]];
  const { defs, body } = motifs[name](r, opts);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img">` +
    `<title>${esc(alt)}</title>` +
    (defs ? `<defs>${defs}</defs>` : '') +
    body +
    `</svg>\n`
  );
}

const AVATAR_COLORS = [P.red, P.navy, P.teal, P.green, P.ochre, P.slate, P.brick, '#6b4e71'];

function initials(name) {
  const parts = name.split(/\s+/).filter(Boolean);
  const first = parts[0][0];
  const last = parts[parts.length - 1][0];
  return (first + last).toUpperCase();
}

function avatarSvg(slug, name) {
  const h = hash(slug);
  const bg = AVATAR_COLORS[h % AVATAR_COLORS.length];
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240" viewBox="0 0 240 240" role="img">` +
    `<title>${esc(name)}</title>` +
    `<rect width="240" height="240" fill="${P.paper}"/>` +
    `<circle cx="120" cy="120" r="116" fill="${bg}"/>` +
    `<circle cx="120" cy="120" r="104" fill="none" stroke="${P.paper}" stroke-width="2" opacity=".5"/>` +
    `<text x="120" y="120" dy=".35em" text-anchor="middle" fill="${P.paper}" ` +
    `font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif" ` +
    `font-size="92" font-weight="600" letter-spacing="2">${esc(initials(name))}</text>` +
    `</svg>\n`
  );
}

function logoSvg(name) {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="60" viewBox="0 0 600 60" role="img">` +
    `<title>${esc(name)}</title>` +
    `<g fill="none" stroke-linecap="round">` +
    `<circle cx="30" cy="30" r="24" stroke="${P.ink}" stroke-width="4"/>` +
    `<path d="M14 38C24 30 34 22 46 20" stroke="${P.red}" stroke-width="5"/>` +
    `<path d="M16 26C22 22 28 20 34 19" stroke="${P.ink}" stroke-width="3"/>` +
    `</g>` +
    `<text x="70" y="43" fill="${P.ink}" font-family="Georgia, 'Times New Roman', Times, serif" ` +
    `font-size="38" font-weight="700" letter-spacing="1">${esc(name)}</text>` +
    `<rect x="70" y="52" width="64" height="4" fill="${P.red}"/>` +
    `</svg>\n`
  );
}

function faviconSvg(name) {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64" role="img">` +
    `<title>${esc(name)}</title>` +
    `<rect width="64" height="64" rx="12" fill="${P.ink}"/>` +
    `<circle cx="32" cy="32" r="20" fill="none" stroke="${P.paper}" stroke-width="5"/>` +
    `<path d="M14 42C24 34 36 25 52 22" fill="none" stroke="${P.red}" stroke-width="6" stroke-linecap="round"/>` +
    `</svg>\n`
  );
}

// ---------------------------------------------------------------- main

function write(path, content, limit) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  const size = Buffer.byteLength(content);
  if (limit && size > limit) {
    throw new Error(`${path} is ${size} bytes, limit ${limit}`);
  }
  return size;
}

const outletName = YAML.parse(readFileSync(join(DEMO, 'publication.yaml'), 'utf8')).name;

let count = 0;
const articlesDir = join(DEMO, 'articles');
for (const file of readdirSync(articlesDir)
  .filter((f) => f.endsWith('.md'))
  .sort()) {
  const path = join(articlesDir, file);
  const { image } = readFrontMatter(readFileSync(path, 'utf8'), path).fields;
  if (!image) continue;
  const slug = image.src.replace(/^\/media\/articoli\//, '').replace(/\.svg$/, '');
  const size = write(
    join(DEMO, 'media', 'articoli', `${slug}.svg`),
    articleSvg(slug, image.alt ?? ''),
    MAX_ARTICLE_BYTES,
  );
  console.log(`articoli/${slug}.svg ${size} B`);
  count++;
}

const authors = YAML.parse(readFileSync(join(DEMO, 'authors.yaml'), 'utf8'));
for (const { slug, name } of authors) {
  const size = write(join(DEMO, 'media', 'autori', `${slug}.svg`), avatarSvg(slug, name), MAX_AVATAR_BYTES);
  console.log(`autori/${slug}.svg ${size} B`);
}

write(join(DEMO, 'media', 'logo.svg'), logoSvg(outletName));
write(join(DEMO, 'media', 'favicon.svg'), faviconSvg(outletName));
console.log(`${count} article images, ${authors.length} avatars, logo and favicon written.`);

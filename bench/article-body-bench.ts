// Renders the bodies of a synthetic corpus the way an import does and prints articles/s and µs/article,
// then times each hostile body of test/support/hostile-markdown-bodies.ts (median of 3, rendered or refused).
//   npx tsx bench/article-body-bench.ts [articles.jsonl]   (default: 2,000 generated articles)
//   npx tsx bench/article-body-bench.ts --hostile [NAME…]  (only the hostile bodies, or those whose name contains NAME)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderArticleBody } from '../src/services/article-body-renderer.ts';
import { hostileMarkdownBodies } from '../test/support/hostile-markdown-bodies.ts';

type CorpusArticle = { dateline: string | null; body_markdown: string };

const rounds = 7;
const generator = fileURLToPath(new URL('./generate-articles.mjs', import.meta.url));

function loadCorpus(file: string | undefined): CorpusArticle[] {
  const jsonl = file
    ? readFileSync(file, 'utf8')
    : execFileSync(process.execPath, [generator, '2000'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return jsonl
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as CorpusArticle);
}

function renderAll(articles: CorpusArticle[]): number {
  let words = 0;
  for (const article of articles)
    words += renderArticleBody(article.body_markdown, { dateline: article.dateline }).wordCount;
  return words;
}

function benchCorpus(file: string | undefined): void {
  const articles = loadCorpus(file);
  const averageBytes = articles.reduce((sum, a) => sum + Buffer.byteLength(a.body_markdown), 0) / articles.length;
  renderAll(articles); // warm-up: JIT and the renderer's module-level setup

  const microsPerArticle: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint();
    renderAll(articles);
    microsPerArticle.push(Number(process.hrtime.bigint() - start) / 1000 / articles.length);
  }
  microsPerArticle.sort((a, b) => a - b);
  const median = microsPerArticle[Math.floor(rounds / 2)]!;
  const best = microsPerArticle[0]!;

  console.log(
    `${articles.length} articles, ${Math.round(averageBytes)} bytes of Markdown on average, ${rounds} rounds`,
  );
  console.log(`median: ${median.toFixed(1)} µs/article, ${Math.round(1e6 / median)} articles/s`);
  console.log(`best:   ${best.toFixed(1)} µs/article, ${Math.round(1e6 / best)} articles/s`);
}

/**
 * Median wall and CPU time of rendering one hostile body, and whether it was rendered or refused (and why).
 * CPU time is the steadier figure on a machine shared with other work.
 */
function timeHostileBody(markdown: string): { wallMillis: number; cpuMillis: number; outcome: string } {
  const wall: number[] = [];
  const cpu: number[] = [];
  let outcome = '';
  for (let round = 0; round < hostileRounds; round++) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    try {
      outcome = `rendered, ${renderArticleBody(markdown).html.length} bytes of HTML`;
    } catch (error) {
      outcome = `refused: ${(error as Error).message}`;
    }
    const { user, system } = process.cpuUsage(cpuStart);
    cpu.push((user + system) / 1000);
    wall.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(hostileRounds / 2)]!;
  return { wallMillis: median(wall), cpuMillis: median(cpu), outcome };
}

function benchHostileBodies(names: string[]): void {
  console.log(`\nhostile bodies (median of ${hostileRounds} renders; wall ms, CPU ms):`);
  for (const [name, markdown] of Object.entries(hostileMarkdownBodies)) {
    if (names.length > 0 && !names.some((part) => name.includes(part))) continue;
    const { wallMillis, cpuMillis, outcome } = timeHostileBody(markdown);
    console.log(
      `${wallMillis.toFixed(0).padStart(6)} ${cpuMillis.toFixed(0).padStart(6)}  ${name}: ${outcome.slice(0, 90)}`,
    );
  }
}

const hostileRounds = 3;
const [first, ...rest] = process.argv.slice(2);
if (first === '--hostile') benchHostileBodies(rest);
else {
  benchCorpus(first);
  benchHostileBodies([]);
}

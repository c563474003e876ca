// Renders the bodies of a synthetic corpus the way an import does and prints articles/s and µs/article.
//   npx tsx bench/article-body-bench.ts [articles.jsonl]   (default: 2,000 generated articles)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderArticleBody } from '../src/services/article-body-renderer.ts';

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

const articles = loadCorpus(process.argv[2]);
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

console.log(`${articles.length} articles, ${Math.round(averageBytes)} bytes of Markdown on average, ${rounds} rounds`);
console.log(`median: ${median.toFixed(1)} µs/article, ${Math.round(1e6 / median)} articles/s`);
console.log(`best:   ${best.toFixed(1)} µs/article, ${Math.round(1e6 / best)} articles/s`);

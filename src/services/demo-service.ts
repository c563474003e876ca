// The demo publication: a fictional outlet, written for the project, loaded into an empty database.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { AuthorKind } from '../domain/article.ts';
import { publicationKey, sectionsKey } from '../domain/content-keys.ts';
import { readFrontMatter } from '../domain/front-matter.ts';
import type { Publication } from '../domain/publication.ts';
import { publicationPageKinds } from '../domain/publication-page.ts';
import type { ArticleRepository } from '../storage/article-repository.ts';
import type { PublicationRepository } from '../storage/publication-repository.ts';
import type { ImportReport, ImportService } from './import-service.ts';
import { writePublicationPage } from './publication-page-service.ts';

type DemoAuthor = { slug: string; name: string; kind: AuthorKind; job_title: string; bio: string; photo: string };
type DemoPublication = {
  name: string;
  tagline: string;
  description: string;
  locale: string;
  time_zone: string;
  support_banner: string;
  newsletter_blurb: string;
  legal: Record<string, string>;
};

export class DemoService {
  constructor(
    private readonly importer: ImportService,
    private readonly publications: PublicationRepository,
    private readonly articles: ArticleRepository,
    private readonly demoDir: string,
    private readonly mediaDir: string,
  ) {}

  /** Loads the demo only into a database with no publication and no article. */
  async loadIfEmpty(): Promise<ImportReport | undefined> {
    const [publication, hasArticles] = await Promise.all([this.publications.find(), this.articles.hasAny()]);
    if (publication || hasArticles) return undefined;
    try {
      return await this.load();
    } catch (error) {
      // Several processes starting on one empty database race to load it; the losers find it loaded.
      if (await this.publications.find()) return undefined;
      throw error;
    }
  }

  async load(): Promise<ImportReport> {
    const publication = this.readYaml<DemoPublication>('publication.yaml');
    const sections = this.readYaml<{ slug: string; name: string; position: number }[]>('sections.yaml');
    const tags = new Map(this.readYaml<{ slug: string; name: string }[]>('tags.yaml').map((t) => [t.slug, t]));
    const authors = new Map(this.readYaml<DemoAuthor[]>('authors.yaml').map((a) => [a.slug, a]));
    const pages = this.pageSources();
    const lines = this.articleFiles().map((file) => JSON.stringify(this.toImportRecord(file, authors, tags)));
    fs.cpSync(path.join(this.demoDir, 'media'), this.mediaDir, { recursive: true });
    return this.importer.importArticles(lines, {
      prepare: async (repositories, now) => {
        await repositories.publications.save(toPublication(publication), now);
        for (const section of sections) {
          if (!(await repositories.taxonomy.findSectionBySlug(section.slug))) {
            await repositories.taxonomy.insertSection({ ...section, description: '' }, now);
          }
        }
        const pageKeys: string[] = [];
        for (const { kind, source, file } of pages) {
          pageKeys.push(
            ...(await writePublicationPage(repositories, kind, source, { sourceFile: file }, now)).changedKeys,
          );
        }
        return [publicationKey, sectionsKey, ...pageKeys];
      },
    });
  }

  private articleFiles(): string[] {
    const dir = path.join(this.demoDir, 'articles');
    return fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.md'))
      .sort()
      .map((name) => path.join(dir, name));
  }

  /** `demo/pages/<kind>.md`: the about, masthead and editorial standards pages, front matter and Markdown. */
  private pageSources() {
    return publicationPageKinds.flatMap((kind) => {
      const file = path.join(this.demoDir, 'pages', `${kind}.md`);
      return fs.existsSync(file) ? [{ kind, source: fs.readFileSync(file, 'utf8'), file }] : [];
    });
  }

  private toImportRecord(
    file: string,
    authors: Map<string, DemoAuthor>,
    tags: Map<string, { slug: string; name: string }>,
  ) {
    const text = fs.readFileSync(file, 'utf8');
    const frontMatter = readFrontMatter(text, file);
    if (!frontMatter.hasFrontMatter) throw new Error(`${file}: expected YAML front matter between --- lines`);
    const meta = frontMatter.fields as Record<string, unknown> & { authors: string[]; tags: string[] };
    return {
      ...meta,
      authors: meta.authors.map((slug) => {
        const author = authors.get(slug);
        if (!author) throw new Error(`${file}: unknown author "${slug}"`);
        return author;
      }),
      tags: meta.tags.map((slug) => tags.get(slug) ?? slug),
      body_markdown: frontMatter.body,
    };
  }

  private readYaml<T>(name: string): T {
    return YAML.parse(fs.readFileSync(path.join(this.demoDir, name), 'utf8')) as T;
  }
}

function toPublication(demo: DemoPublication): Publication {
  const legal = demo.legal;
  return {
    name: demo.name,
    tagline: demo.tagline,
    description: demo.description,
    locale: demo.locale,
    timeZone: demo.time_zone,
    logoSrc: '/media/logo.svg',
    supportBanner: demo.support_banner,
    newsletterBlurb: demo.newsletter_blurb,
    feedFullText: true,
    legal: {
      registrationCourt: legal.registration_court ?? '',
      registrationNumber: legal.registration_number ?? '',
      registrationDate: legal.registration_date ?? '',
      editorInChief: legal.editor_in_chief ?? '',
      publisher: legal.publisher ?? '',
      vatNumber: legal.vat_number ?? '',
      address: legal.address ?? '',
      hostingProvider: legal.hosting_provider ?? '',
    },
  };
}

// The publication's own pages (about us, masthead, editorial standards): a fixed set of kinds, each at
// one Italian top-level URL, edited by the newsroom and shown only once they have content.

export const publicationPageKinds = [
  'about',
  'masthead',
  'publishing-principles',
  'corrections-policy',
  'ethics-policy',
] as const;
export type PublicationPageKind = (typeof publicationPageKinds)[number];

/** The URL slug of each kind: `/chi-siamo/`, `/redazione/`… Reserved, so no section or article can take one. */
export const publicationPageSlugs: Readonly<Record<PublicationPageKind, string>> = Object.freeze({
  about: 'chi-siamo',
  masthead: 'redazione',
  'publishing-principles': 'principi-editoriali',
  'corrections-policy': 'correzioni',
  'ethics-policy': 'codice-etico',
});

export type PublicationPage = {
  kind: PublicationPageKind;
  slug: string;
  title: string;
  /** For the meta description and Open Graph. */
  description: string;
  bodyMarkdown: string;
  /** Sanitised at save time, like an article body. */
  bodyHtml: string;
  updatedAt: string;
};

/** What the frame of every page needs to link a page: which exist, and where. */
export type PublicationPageLink = { kind: PublicationPageKind; slug: string };

export function isPublicationPageKind(value: string): value is PublicationPageKind {
  return (publicationPageKinds as readonly string[]).includes(value);
}

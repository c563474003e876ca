// Names of the pieces of content a page shows. A page records the keys it depends on; a write
// records the keys it changed; a cached page is dropped when the two meet.

export const everythingKey = '*';
export const publicationKey = 'publication';
export const sectionsKey = 'sections';

export const articleKey = (id: string) => `article:${id}`;
/** The stored related list of an article: only that article's own page shows it. */
export const relatedListKey = (id: string) => `related:${id}`;
export const authorKey = (id: string) => `author:${id}`;
export const sectionKey = (id: string) => `section:${id}`;
export const tagKey = (id: string) => `tag:${id}`;
/** One of the publication's own pages (about us, masthead…), by kind. */
export const pageKey = (kind: string) => `page:${kind}`;

/** Membership or order of a list of articles changed. */
export const listKey = {
  all: 'list:all',
  section: (id: string) => `list:section:${id}`,
  tag: (id: string) => `list:tag:${id}`,
  author: (id: string) => `list:author:${id}`,
  type: (type: string) => `list:type:${type}`,
};

// Slugs: the URL-safe names of articles, authors, sections and tags.

// Lowercase letters, digits and hyphens, starting and ending with a letter or digit (archives do contain "a--b").
export const slugPattern = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
export const maxSlugLength = 120;

export function isSlug(value: string): boolean {
  return value.length <= maxSlugLength && slugPattern.test(value);
}

/** "Città di Castello!" → "citta-di-castello" */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '-')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxSlugLength)
    .replace(/-+$/, '');
}

/** "medio-oriente" → "Medio oriente": a readable name for a slug that arrived without one. */
export function nameFromSlug(slug: string): string {
  const words = slug.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

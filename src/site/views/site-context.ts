// What every view needs besides its own content: the outlet, its sections, words, dates and URLs.
import type { Section } from '../../domain/article.ts';
import type { Publication } from '../../domain/publication.ts';
import type { PublicationPageLink } from '../../domain/publication-page.ts';
import type { DateFormatter } from '../i18n/dates.ts';
import type { Messages } from '../i18n/messages.ts';

export type SiteContext = {
  publication: Publication;
  sections: Section[];
  /** The publication's own pages that exist, for the footer and the publisher's JSON-LD. */
  pages: PublicationPageLink[];
  messages: Messages;
  dates: DateFormatter;
  /** Absolute URL of a site path, for canonical links and Open Graph. */
  absoluteUrl: (path: string) => string;
  stylesheetPath: string;
  faviconPath: string;
  /** The section the page belongs to, for highlighting the navigation. */
  currentSectionSlug?: string;
};

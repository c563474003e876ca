// The outlet itself: its name, locale, time zone, and the legal notice an Italian registered outlet shows.

export type LegalNotice = {
  registrationCourt: string;
  registrationNumber: string;
  registrationDate: string;
  editorInChief: string;
  publisher: string;
  vatNumber: string;
  address: string;
  hostingProvider: string;
};

export type Publication = {
  name: string;
  tagline: string;
  description: string;
  locale: string;
  timeZone: string;
  logoSrc: string | null;
  supportBanner: string;
  newsletterBlurb: string;
  /** Whether feeds carry each article's full text, or only its standfirst. */
  feedFullText: boolean;
  legal: LegalNotice;
};

/** Shown until an editor names the outlet. */
export const unnamedPublication: Publication = {
  name: 'Testata',
  tagline: '',
  description: '',
  locale: 'it-IT',
  timeZone: 'Europe/Rome',
  logoSrc: null,
  supportBanner: '',
  newsletterBlurb: '',
  feedFullText: true,
  legal: {
    registrationCourt: '',
    registrationNumber: '',
    registrationDate: '',
    editorInChief: '',
    publisher: '',
    vatNumber: '',
    address: '',
    hostingProvider: '',
  },
};

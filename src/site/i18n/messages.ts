// Every string the reader site shows, by locale. Italian is the reference catalogue.
import type { ArticleType, CorrectionKind, SourceKind } from '../../domain/article.ts';
import type { PublicationPageKind } from '../../domain/publication-page.ts';

export type Messages = {
  skipToContent: string;
  mainNavigation: string;
  home: string;
  articleType: Record<ArticleType, string>;
  sourceKind: Record<SourceKind, string>;
  correctionKind: Record<CorrectionKind, string>;
  by: string;
  and: string;
  updatedOn: string;
  sources: string;
  corrections: string;
  tags: string;
  related: string;
  previousArticle: string;
  nextArticle: string;
  inSection: string;
  latestNews: string;
  opinions: string;
  opinionBy: string;
  leadStory: string;
  more: (name: string) => string;
  pagination: string;
  previousPage: string;
  nextPage: string;
  pageOf: (page: number, count: number) => string;
  articleCount: (count: number) => string;
  tagTitle: (name: string) => string;
  authorArticles: (name: string) => string;
  noArticles: string;
  photoOf: (name: string) => string;
  // The publication's own pages (about us, masthead, editorial standards).
  publicationPagesNavigation: string;
  publicationPageLink: Record<PublicationPageKind, string>;
  lastUpdated: string;
  legalNotice: string;
  registration: (court: string, number: string, date: string) => string;
  editorInChief: string;
  publisher: string;
  vatNumber: string;
  address: string;
  hostingProvider: string;
  poweredBy: string;
  errorTitle: Record<400 | 404 | 500 | 503, string>;
  errorText: Record<400 | 404 | 500 | 503, string>;
  backHome: string;
};

export const italian: Messages = {
  skipToContent: 'Vai al contenuto',
  mainNavigation: 'Sezioni',
  home: 'Prima pagina',
  articleType: { news: 'Notizia', opinion: 'Opinione', analysis: 'Analisi' },
  sourceKind: { agency: 'Agenzia', document: 'Documento', statement: 'Dichiarazione', other: 'Fonte' },
  correctionKind: { correction: 'Correzione', clarification: 'Precisazione', update: 'Aggiornamento' },
  by: 'di',
  and: 'e',
  updatedOn: 'aggiornato il',
  sources: 'Fonti',
  corrections: 'Correzioni',
  tags: 'Argomenti',
  related: 'Da leggere anche',
  previousArticle: 'Articolo precedente',
  nextArticle: 'Articolo successivo',
  inSection: 'nella sezione',
  latestNews: 'Ultime notizie',
  opinions: 'Opinioni',
  opinionBy: 'di',
  leadStory: 'In primo piano',
  more: (name) => `Tutto in ${name}`,
  pagination: 'Paginazione',
  previousPage: 'Pagina precedente',
  nextPage: 'Pagina successiva',
  pageOf: (page, count) => `Pagina ${page} di ${count}`,
  articleCount: (count) => (count === 1 ? '1 articolo' : `${count.toLocaleString('it-IT')} articoli`),
  tagTitle: (name) => `Argomento: ${name}`,
  authorArticles: (name) => `Gli articoli di ${name}`,
  noArticles: 'Non ci sono ancora articoli qui.',
  photoOf: (name) => `Foto di ${name}`,
  // The publication's own pages (about us, masthead, editorial standards).
  publicationPagesNavigation: 'La testata',
  publicationPageLink: {
    about: 'Chi siamo',
    masthead: 'Redazione',
    'publishing-principles': 'Principi editoriali',
    'corrections-policy': 'Correzioni',
    'ethics-policy': 'Codice etico',
  },
  lastUpdated: 'Ultimo aggiornamento:',
  legalNotice: 'Note legali',
  registration: (court, number, date) => `Registrazione presso il ${court}, ${number} del ${date}`,
  editorInChief: 'Direttore responsabile',
  publisher: 'Editore',
  vatNumber: 'P.IVA',
  address: 'Sede',
  hostingProvider: 'Hosting',
  poweredBy: 'Pubblicato con Testata',
  errorTitle: {
    400: 'Richiesta non valida',
    404: 'Pagina non trovata',
    500: 'Qualcosa è andato storto',
    503: 'Servizio momentaneamente non disponibile',
  },
  errorText: {
    400: 'L’indirizzo richiesto contiene caratteri o parametri che non sappiamo leggere.',
    404: 'La pagina che cercavi non esiste o è stata spostata.',
    500: 'Si è verificato un errore dalla nostra parte. Riprova tra qualche istante.',
    503: 'Stiamo avendo un problema temporaneo. Riprova tra qualche istante.',
  },
  backHome: 'Torna alla prima pagina',
};

/** The catalogue for a publication's locale; Italian until others are written. */
export function messagesFor(_locale: string): Messages {
  return italian;
}

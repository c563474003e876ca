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
  /** The front page's description for search engines when the publication has none of its own. */
  homeDescription: (publicationName: string) => string;
  /** The same for a section, tag or author page whose subject has no description. */
  listingDescription: (title: string, publicationName: string) => string;
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
  search: SearchMessages;
};

/**
 * A line of the search page's help: text, and example searches written as a reader would type them, shown
 * as links to their results. The demo publication has articles for every example (test/site/search-help.test.ts).
 */
export type SearchTip = (string | { search: string })[];

export type SearchMessages = {
  title: string;
  label: string;
  button: string;
  placeholder: string;
  resultsFor: (text: string) => string;
  resultCount: (count: number) => string;
  cappedCount: (window: number) => string;
  noResults: (text: string) => string;
  noResultsTips: string[];
  filters: string;
  section: string;
  type: string;
  author: string;
  from: string;
  to: string;
  any: string;
  apply: string;
  clearFilters: string;
  notes: Record<'empty' | 'only-common-words' | 'only-exclusions' | 'too-long' | 'too-many-words', string>;
  invalidFilter: (field: string, value: string) => string;
  filterName: Record<'section' | 'type' | 'author' | 'from' | 'to', string>;
  syntaxTitle: string;
  syntaxTips: SearchTip[];
  results: string;
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
  homeDescription: (name) => `${name}: notizie, opinioni e analisi.`,
  listingDescription: (title, name) => `${title} – ${name}: tutti gli articoli.`,
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
  search: {
    title: 'Cerca',
    label: 'Cerca nel sito',
    button: 'Cerca',
    placeholder: 'Parole da cercare',
    resultsFor: (text) => `Risultati per «${text}»`,
    resultCount: (count) => (count === 1 ? '1 articolo trovato' : `${count.toLocaleString('it-IT')} articoli trovati`),
    cappedCount: (window) =>
      `Molti articoli contengono queste parole: ecco i ${window.toLocaleString('it-IT')} più recenti, dal più pertinente. Aggiungi una parola o un filtro per restringere la ricerca.`,
    noResults: (text) => `Nessun articolo corrisponde a «${text}».`,
    noResultsTips: [
      'Controlla come sono scritte le parole.',
      'Prova con meno parole, o con parole più generali.',
      'Togli i filtri per sezione, tipo, autore o data.',
    ],
    filters: 'Filtri',
    section: 'Sezione',
    type: 'Tipo',
    author: 'Autore',
    from: 'Dal giorno',
    to: 'Al giorno',
    any: 'Tutti',
    apply: 'Applica',
    clearFilters: 'Togli i filtri',
    notes: {
      empty: 'Scrivi una o più parole da cercare.',
      'only-common-words':
        'La ricerca contiene solo parole molto comuni (come «il», «di», «che»): aggiungi una parola più specifica.',
      'only-exclusions': 'Hai indicato solo parole da escludere: aggiungi almeno una parola da cercare.',
      'too-long': 'La ricerca era troppo lunga: abbiamo usato solo la prima parte.',
      'too-many-words': 'Abbiamo usato solo le prime parole della ricerca.',
    },
    invalidFilter: (field, value) => `Il filtro «${field}: ${value}» non è valido ed è stato ignorato.`,
    filterName: { section: 'sezione', type: 'tipo', author: 'autore', from: 'dal giorno', to: 'al giorno' },
    syntaxTitle: 'Come cercare',
    syntaxTips: [
      [
        'Trovi anche le altre forme di una parola: ',
        { search: 'libreria' },
        ' trova anche «librerie», ',
        { search: 'ministro' },
        ' anche «ministra» e «ministri».',
      ],
      [
        'Accenti e apostrofi non contano: ',
        { search: 'citta' },
        ', ',
        { search: 'città' },
        ' e ',
        { search: "citta'" },
        ' sono la stessa parola.',
      ],
      ['Tra virgolette cerchi una frase esatta: ', { search: '"consiglio dei ministri"' }, '.'],
      ['Con un meno davanti escludi una parola: ', { search: 'legge -elettorale' }, '.'],
    ],
    results: 'Risultati',
  },
};

/** The catalogue for a publication's locale; Italian until others are written. */
export function messagesFor(_locale: string): Messages {
  return italian;
}

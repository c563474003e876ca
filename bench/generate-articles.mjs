#!/usr/bin/env node
// A deterministic archive of fictional Italian news articles in the import format, for tests and benchmarks:
// the same count and seed give the same bytes.   node bench/generate-articles.mjs [count=1000] [seed=1] > articles.jsonl
//
// Articles follow running stories (a place, an actor, a topic), so related articles have something to relate,
// and the prose keeps coming back to a newsroom's stock figures ("il ministro degli Esteri", "la banca centrale")
// and to the country's running stories (`agenda`), so that common words are very common and phrase searches have
// both dense and rare matches.

import { pathToFileURL } from 'node:url';

/** Small, fast, seedable PRNG (sfc32); Math.random would make every run different. */
function randomSource(seed) {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

const list = (text) => text.trim().split(/\s*\n\s*|\s*\|\s*/);
/** One template a line, cut once into its fixed text (even places) and its sets of alternatives (odd places). */
const templates = (text) =>
  text
    .trim()
    .split(/\s*\n\s*/)
    .map((line) => line.split(/\{([^}]*)\}/).map((part, i) => (i % 2 === 0 ? part : part.split('|'))));

// Nouns as "word:g" (m or f; a plural noun ends in "s": "sanzioni:fs").
const nouns = {
  common:
    list(`governo:m | accordo:m | piano:m | progetto:m | rapporto:m | bilancio:m | confronto:m | dossier:m | incontro:m
    riforma:f | proposta:f | crisi:f | decisione:f | strategia:f | questione:f | trattativa:f | misura:f | linea:f`),
  esteri:
    list(`negoziato:m | conflitto:m | vertice:m | confine:m | trattato:m | cessate il fuoco:m | corridoio umanitario:m
    tregua:f | diplomazia:f | delegazione:f | ambasciata:f | missione:f | esercitazione:f | alleanza:f | frontiera:f
    sanzioni:fs | profughi:ms | militari:ms | esercitazioni:fs | truppe:fs`),
  politica:
    list(`parlamento:m | decreto:m | emendamento:m | voto:m | partito:m | sindaco:m | consiglio regionale:m | referendum:m
    maggioranza:f | opposizione:f | legge:f | coalizione:f | regione:f | città:f | giunta:f | legge elettorale:f
    elezioni:fs | riforme:fs | nomine:fs`),
  economia:
    list(`mercato:m | debito:m | salario minimo:m | tasso:m | porto:m | gas:m | petrolio:m | sindacato:m | sciopero:m
    inflazione:f | banca:f | energia:f | industria:f | fabbrica:f | ferrovia:f | crescita:f | produzione:f
    tassi:ms | salari:ms | dazi:ms | esportazioni:fs | imprese:fs | pensioni:fs | tasse:fs`),
  cronaca: list(`tribunale:m | processo:m | ricorso:m | incendio:m | cantiere:m | quartiere:m | ospedale:m | soccorso:m
    sentenza:f | inchiesta:f | indagine:f | procura:f | alluvione:f | frana:f | autostrada:f | scuola:f | polizia:f
    testimoni:ms | lavori:ms | vigili del fuoco:ms`),
  cultura: list(`museo:m | festival:m | teatro:m | romanzo:m | film:m | concerto:m | restauro:m | archivio:m
    mostra:f | biblioteca:f | università:f | ricerca:f | stagione:f | rassegna:f | opera:f | collezione:f
    studenti:ms | lettori:ms | visitatori:ms`),
  scienza: list(`clima:m | ghiacciaio:m | satellite:m | vaccino:m | esperimento:m | laboratorio:m | parco:m | raccolto:m
    siccità:f | agricoltura:f | foresta:f | biodiversità:f | epidemia:f | sperimentazione:f | rete elettrica:f | falda:f
    dati:ms | rifiuti:ms | emissioni:fs | rinnovabili:fs`),
};

// Adjectives by their masculine singular; the other forms follow the usual endings.
const adjectives = {
  common:
    list(`nuovo | importante | grave | storico | possibile | necessario | difficile | decisivo | lungo | breve | ampio
    forte | debole | recente | ufficiale | pubblico | nazionale | europeo | locale | annunciato | atteso | contestato`),
  esteri: list(
    `militare | diplomatico | internazionale | bilaterale | congiunto | umanitario | strategico | commerciale | fragile`,
  ),
  politica: list(
    `politico | parlamentare | regionale | elettorale | istituzionale | comunale | costituzionale | provvisorio`,
  ),
  economia: list(
    `economico | commerciale | finanziario | industriale | energetico | fiscale | monetario | produttivo | salariale`,
  ),
  cronaca: list(`giudiziario | penale | amministrativo | urgente | straordinario | preventivo | sanitario | notturno`),
  cultura: list(`culturale | artistico | letterario | teatrale | musicale | cinematografico | editoriale | restaurato`),
  scienza: list(`climatico | scientifico | ambientale | idrico | agricolo | sperimentale | sostenibile | estremo`),
};

// Who speaks and acts. The first ones come back in every section, as they do in a newspaper.
const actors = {
  stock: list(
    `il governo | il ministro degli Esteri | il capo di stato maggiore | la banca centrale | il tribunale amministrativo`,
  ),
  common: list(`il presidente del Consiglio | la portavoce del governo | l'opposizione | i vertici militari
    il presidente della Repubblica | la Commissione europea`),
  esteri:
    list(`l'ambasciatore | la delegazione italiana | il rappresentante permanente all'Onu | il ministro della Difesa
    il comando alleato | l'inviato speciale | i mediatori`),
  politica: list(`la segretaria del partito | il capogruppo al Senato | il sindaco | la presidente della Regione
    il consiglio comunale | la maggioranza | i senatori`),
  economia: list(`la ministra dell'Economia | il governatore | i sindacati | l'associazione degli industriali
    l'autorità per l'energia | gli analisti | l'istituto di statistica`),
  cronaca: list(`la procura | il tribunale amministrativo | il prefetto | la polizia | i carabinieri | il giudice
    la protezione civile | gli avvocati della difesa`),
  cultura: list(`la direttrice del museo | il sovrintendente | la giuria del festival | l'editore | il regista
    l'assessora alla Cultura | gli organizzatori`),
  scienza: list(`i ricercatori | l'agenzia spaziale | l'istituto superiore di sanità | la rete dei climatologi
    il consorzio di bonifica | l'agenzia per l'ambiente | i geologi`),
};

const verbs =
  list(`ha annunciato | ha confermato | ha respinto | ha proposto | ha firmato | ha criticato | ha difeso | ha chiesto
  ha rinviato | ha approvato | ha sospeso | ha presentato | ha contestato | ha rilanciato | ha bloccato | ha discusso
  ha sostenuto | ha ridimensionato | ha messo in dubbio | ha illustrato`);
const reportingVerbs = list(
  `ha detto | ha spiegato | ha dichiarato | ha aggiunto | ha osservato | ha ammesso | ha ribadito`,
);
const connectives =
  list(`Intanto | Nel frattempo | Secondo fonti vicine al dossier | In serata | Poche ore dopo | Da parte sua
  Ancora una volta | Come previsto | Dopo settimane di attesa | Sul fronte opposto | Nelle stesse ore | In mattinata`);
const commonPhrases =
  list(`nelle prossime settimane | entro la fine dell'anno | a margine del vertice | secondo quanto si apprende
  in una nota ufficiale | nel corso della conferenza stampa | dopo una lunga trattativa | come era già accaduto in passato
  senza fornire ulteriori dettagli | fino a nuovo ordine | in attesa di una decisione definitiva | per la prima volta`);
const quotes = list(`Non c'è più tempo da perdere | Serve una risposta comune e rapida | Abbiamo fatto la nostra parte
  Nessuno può chiamarsi fuori | Le famiglie non possono aspettare | È un passo avanti, ma non basta | I numeri parlano chiaro
  Chiediamo trasparenza e tempi certi | Non accetteremo decisioni prese altrove | La strada è ancora lunga`);

// The country's running stories, which articles of every section bring up as background: the military
// exercise, the sanctions, prices, the railway, the city, the courts, energy, the talks, the drought. Archives
// read like this (the same few stories in most pages), and it is what makes their common words common: the
// search benchmark's words are in a third to nine tenths of the articles, as in the archive its targets were set
// on. "{a|b}" is one of the alternatives; "accordo commerciale" is in one of them, so that the phrase stays rare.
const agenda = {
  difesa:
    templates(`L'esercitazione militare congiunta {nel Mediterraneo|al confine orientale|nell'Adriatico|sulle Alpi} {è entrata nella fase più delicata|si chiuderà entro la fine del mese|ha impegnato oltre tremila militari|è seguita da osservatori di dodici paesi}, ha {confermato|precisato|ricordato} il capo di stato maggiore.
    Sullo sfondo restano le esercitazioni militari congiunte {con gli alleati|della prossima primavera|annunciate in estate}, che il governo {considera|continua a considerare} {una priorità|un segnale di affidabilità|un impegno da rispettare}.
    Il capo di stato maggiore ha {chiesto|ottenuto|promesso} {più fondi|tempi certi|un calendario comune} per le esercitazioni {militari congiunte|della primavera|con gli alleati}{| del prossimo anno| con la marina francese}.
    {Nelle stesse ore|Intanto|Lontano da qui}, {centinaia di|alcune migliaia di|circa ottocento} militari {rientravano|partivano|erano impegnati} nelle manovre {nel Baltico|in Sardegna|al largo di Taranto}.
    L'accordo di cooperazione militare {firmato in primavera|rinnovato a gennaio|in discussione da mesi} prevede {nuove esercitazioni congiunte|due esercitazioni congiunte l'anno|un comando militare comune}{| e uno scambio di ufficiali}.`),
  sanzioni:
    templates(`Il {nuovo|terzo|prossimo} pacchetto di sanzioni {colpisce|riguarda|risparmia} {le forniture militari|le esportazioni di tecnologia|le banche|le compagnie di navigazione}, {ha spiegato|ha ricordato|ha ribadito} il ministro degli Esteri.
    Le sanzioni {pesano ormai|continuano a pesare|hanno cominciato a pesare} {sulle imprese esportatrici|sui bilanci delle aziende del Nord|sul commercio con l'Est}{|, secondo le associazioni di categoria|, più di quanto previsto| e alimentano l'inflazione}.
    {Sul tavolo|Nella discussione|In agenda} resta anche il nodo delle sanzioni{, che il governo vuole rendere più severe| e degli aiuti militari|, su cui la maggioranza è divisa}.
    {Un accordo sulle sanzioni|Un compromesso sulle sanzioni|Un accordo sulle sanzioni|Un compromesso sulle sanzioni|Un accordo sulle sanzioni|Un compromesso sulle sanzioni|Un accordo sulle sanzioni|Un compromesso sulle sanzioni|Un accordo sulle sanzioni|Un compromesso sulle sanzioni|Un accordo commerciale che aggiri le sanzioni} {non c'è ancora|sembra vicino|è stato rinviato}{: pesano i veti incrociati|, mentre le forniture militari continuano| e il governo prende tempo}.`),
  prezzi:
    templates(`La banca centrale ha {lasciato invariati|alzato di un quarto di punto|tagliato di un quarto di punto} i tassi{| di interesse}, {mentre l'inflazione resta sopra l'obiettivo|con l'inflazione in lenta discesa|citando i rischi per l'inflazione}{, con un euro debole|, con il cambio dell'euro stabile|, mentre l'euro perde terreno}.
    Con l'inflazione al {2,1|2,4|3,0|3,8|4,5} per cento, i tassi {difficilmente scenderanno|resteranno alti|potrebbero salire ancora} {prima dell'estate|entro l'anno|nei prossimi mesi}, {secondo gli analisti|ha avvertito la banca centrale|secondo le stime della banca centrale}{, e l'euro ne risente|; l'euro intanto si è rafforzato|, con l'euro sotto pressione}.
    {Le famiglie|I risparmiatori|Le imprese} fanno i conti con i tassi alti e con l'inflazione: {un euro più forte|il cambio dell'euro|la debolezza dell'euro} {aiuta solo in parte|non basta a compensare|pesa sulle esportazioni}.
    {Sui mercati|In Borsa|Tra gli operatori} l'euro {ha chiuso in calo|è risalito|è rimasto stabile} dopo le parole della banca centrale sui tassi{| e sull'inflazione}.`),
  ferrovia:
    templates(`I cantieri della nuova ferrovia {tra Nord e Sud|lungo la costa adriatica|verso il confine|nella valle} {sono fermi da mesi|ripartiranno in primavera|hanno accumulato un anno di ritardo|sono costati il doppio del previsto}{, ha denunciato la regione|| secondo la corte dei conti}.
    Per la ferrovia {il governo ha promesso|la regione chiede|i sindacati chiedono} {nuovi fondi|tempi certi|un commissario straordinario} {entro l'estate|per il prossimo anno|dopo l'ultimo ritardo}.
    La ferrovia resta {il simbolo|la prova|l'esempio} {delle promesse mancate|di un paese che fatica a costruire|dei ritardi nelle grandi opere}{, ha scritto la stampa locale|| per molti pendolari}.
    {Centinaia di|Migliaia di} pendolari {aspettano|attendono da anni} la ferrovia promessa{, e il tribunale amministrativo deve ancora decidere sull'appalto|: l'apertura è slittata ancora|}.`),
  citta:
    templates(`Il sindaco ha chiesto {alla regione|al governo|ai ministeri} {nuovi fondi|un incontro urgente|tempi certi} per la città{, dove i cantieri sono fermi per un ricorso al tribunale amministrativo|, che aspetta da anni|}.
    In città {il malumore cresce|la tensione resta alta|non si parla d'altro}{: il sindaco|, e il sindaco} {accusa la regione di immobilismo|attende una risposta da Roma|ha convocato il consiglio comunale}.
    {La regione|La giunta regionale} ha {stanziato|promesso|sbloccato} i fondi per {la città|le città della costa|i comuni dell'entroterra}, {ma il sindaco giudica la cifra insufficiente|come chiedeva il sindaco|dopo mesi di attesa}.
    Per la città è {un passaggio decisivo|una prova difficile|un'occasione da non sprecare}, ha detto il sindaco{| al termine del consiglio comunale| ai giornalisti}.`),
  giustizia:
    templates(`La sentenza del tribunale {è attesa entro fine mese|arriverà dopo l'estate|è slittata di un mese}{, ma la battaglia giudiziaria è appena cominciata|: la vicenda giudiziaria va avanti da anni|}.
    {Sulla vicenda|Sul caso|Sull'appalto} pende un ricorso al tribunale amministrativo{, e la partita giudiziaria|: la battaglia giudiziaria} {potrebbe durare mesi|è tutt'altro che chiusa|rischia di bloccare tutto}.
    Il tribunale ha {respinto|accolto in parte|rinviato} {il ricorso|l'istanza della difesa|la richiesta di sospensiva}; {le motivazioni della sentenza saranno depositate|la sentenza sarà depositata} entro {trenta|sessanta|novanta} giorni.
    {L'inchiesta giudiziaria|La vicenda giudiziaria} {si allarga|resta aperta|è a una svolta}: {dopo la sentenza del tribunale|in attesa della sentenza|con la sentenza di primo grado}, {la procura valuta il ricorso|le parti si preparano all'appello|nessuno vuole commentare}.`),
  energia:
    templates(`Il nuovo terminale del gas nel porto di {Ravenna|Piombino|Trieste|Livorno} {entrerà in funzione|sarà pronto|potrebbe partire} {entro l'inverno|in primavera|il prossimo anno}, ha {assicurato|confermato} {la capitaneria|il ministero|il presidente del porto}.
    Sull'energia il governo punta ancora sul gas che arriva via nave al porto di {Ravenna|Piombino|Trieste|Livorno}{, ma i comitati locali si oppongono|, in attesa delle rinnovabili|, almeno fino al prossimo inverno}.
    Al porto {si lavora|i lavori procedono|si discute} {al nuovo deposito di gas|all'allacciamento alla rete del gas}, {decisivo per la sicurezza energetica|mentre i prezzi dell'energia restano alti}.
    Il prezzo dell'energia {resta la prima preoccupazione|pesa soprattutto} {delle imprese|delle famiglie}{, e il gas liquefatto in arrivo al porto non basta ancora|: il gas scaricato al porto ha calmierato solo in parte le bollette}.`),
  diplomazia:
    templates(`Una delegazione {italiana|europea|di mediatori} è {arrivata|attesa} all'ambasciata di {Ginevra|Vienna|Ankara|Il Cairo} per {riprendere il negoziato|un nuovo giro del negoziato|discutere della tregua}.
    Il negoziato sulla tregua {procede a rilento|è in una fase delicata|segna il passo}, {secondo fonti dell'ambasciata|secondo la delegazione italiana|ha riferito l'ambasciata}.
    La tregua {regge|è fragile|è stata violata più volte}{ da giorni|| nelle ultime ore}, e {l'ambasciata|la delegazione} {segue da vicino il negoziato|ha chiesto di non interrompere il negoziato}.
    {Un accordo con la delegazione|Un compromesso sul negoziato} {sembra vicino|resta lontano|dipende dalle prossime ore}{, ha detto il capo della delegazione|, si legge in una nota dell'ambasciata|}.`),
  clima:
    templates(`La siccità {ha colpito duramente|minaccia|mette in ginocchio} l'agricoltura {del Sud|della pianura|delle isole}{, e gli esperti del clima|: i climatologi} {parlano di una nuova normalità|prevedono estati sempre più calde|chiedono un piano nazionale}.
    {Con il clima che cambia|Con un clima sempre più caldo}, la siccità {non è più un'emergenza|è diventata una costante} per l'agricoltura{| italiana| di intere regioni}.
    Le associazioni dell'agricoltura {chiedono|invocano} {lo stato di calamità|aiuti immediati|un piano per l'acqua} dopo {mesi di siccità|la siccità dell'estate}{|, segno di un clima cambiato}.`),
};

/** How often an article brings a running story up, outside the sections that follow it (`agenda` of a section). */
const agendaShare = {
  difesa: 0.45,
  sanzioni: 0.45,
  prezzi: 0.4,
  ferrovia: 0.45,
  citta: 0.45,
  giustizia: 0.45,
  energia: 0.25,
  diplomazia: 0.45,
  clima: 0.1,
};

const places = {
  italy:
    list(`Roma | Milano | Napoli | Torino | Palermo | Bologna | Firenze | Genova | Bari | Venezia | Cagliari | Trieste
    Ancona | Perugia | Catania | Reggio Calabria | Trento | L'Aquila | Potenza | Campobasso`),
  abroad:
    list(`Bruxelles | Parigi | Berlino | Madrid | Vienna | Atene | Ginevra | Mosca | Kiev | Ankara | Il Cairo | Tunisi
    Pechino | Tokyo | Nuova Delhi | Washington | Brasilia | Buenos Aires | Nairobi | Addis Abeba | Beirut | Gerusalemme
    Varsavia | Belgrado | Tbilisi`),
};

const agencies = list(
  `ANSA | Reuters | AFP | AP | Adnkronos | Agenzia Nova | dpa | EFE | Xinhua | TASS | AGI | Bloomberg`,
);
// `agenda`: the running stories a section's articles nearly always come back to.
const sections = [
  { slug: 'esteri', name: 'Esteri', abroad: 0.9, agenda: ['diplomazia', 'sanzioni', 'difesa'] },
  { slug: 'politica', name: 'Politica', abroad: 0.05, agenda: ['citta', 'giustizia'] },
  { slug: 'economia', name: 'Economia', abroad: 0.3, agenda: ['prezzi', 'energia', 'ferrovia'] },
  { slug: 'cronaca', name: 'Cronaca', abroad: 0, agenda: ['giustizia', 'citta'] },
  { slug: 'cultura', name: 'Cultura', abroad: 0.2, agenda: ['citta'] },
  { slug: 'scienza', name: 'Scienza e ambiente', abroad: 0.25, agenda: ['clima', 'energia'] },
];
const opinionSection = { slug: 'opinioni', name: 'Opinioni', abroad: 0.3, agenda: [] };
const topicTags = {
  esteri: list(
    `diplomazia | difesa | medio-oriente:Medio Oriente | europa:Europa | africa:Africa | asia:Asia | americhe:Americhe | migrazioni`,
  ),
  politica: list(`governo | parlamento | elezioni | enti-locali:Enti locali | riforme | partiti`),
  economia: list(`lavoro | energia | mercati | industria | trasporti | fisco | commercio`),
  cronaca: list(`giustizia | sicurezza | sanita:Sanità | scuola | territorio | incidenti`),
  cultura: list(`libri | cinema | musica | teatro | musei | patrimonio`),
  scienza: list(`clima | ricerca | ambiente | agricoltura | spazio | salute`),
};
const firstNames =
  list(`Alessia | Bruno | Carla | Dario | Elisa | Fabio | Gaia | Ivo | Lorenza | Mirko | Nadia | Ottavio | Pia
  Renato | Sabrina | Tullio | Ugo | Viola | Walter | Zoe | Ilaria | Emanuele | Rita | Cesare | Agnese | Michele | Noemi | Pietro`);
const lastNames =
  list(`Alberti | Benedetti | Cattaneo | D'Amico | Esposito | Ferrari | Galli | Leone | Longo | Marchetti | Neri
  Orlando | Pellegrini | Quaranta | Rinaldi | Sala | Testa | Vitale | Zanetti | Caruso | Ferri | Monti | Serra | Villa`);
const jobTitles = {
  staff: ['redattore', 'inviata', 'corrispondente', 'caposervizio'],
  columnist: ['editorialista'],
  contributor: ['collaboratore'],
};

const capitalize = (text) => text[0].toUpperCase() + text.slice(1);
const slugify = (text) =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** An adjective agreed with its noun: "economico" → economica, economici, economiche; "lungo" → lunghi. */
function agree(adjective, gender, plural) {
  if (adjective.endsWith('e')) return plural ? `${adjective.slice(0, -1)}i` : adjective;
  const stem = adjective.slice(0, -1);
  if (!plural) return gender === 'm' ? adjective : `${stem}a`;
  const hard = /[cg]o$/.test(adjective) ? 'h' : '';
  if (gender === 'f') return `${stem}${hard}e`;
  if (adjective.endsWith('io')) return `${stem}`;
  return adjective.endsWith('ico') ? `${stem}i` : `${stem}${hard}i`;
}

/** A noun with its articles worked out once: "sanzioni:fs" → le sanzioni, alcune sanzioni, sulle sanzioni. */
function parseNoun(entry) {
  const [text, form] = entry.split(':');
  const gender = form[0];
  const plural = form[1] === 's';
  const vowel = /^[aeiouàèéìòù]/i.test(text);
  const special = /^(s[^aeiou]|z|gn|ps|x|y)/i.test(text);
  let the;
  if (gender === 'f') the = plural ? 'le ' : vowel ? "l'" : 'la ';
  else if (plural) the = vowel || special ? 'gli ' : 'i ';
  else the = vowel ? "l'" : special ? 'lo ' : 'il ';
  const a = plural
    ? gender === 'f'
      ? 'alcune '
      : 'alcuni '
    : gender === 'f'
      ? vowel
        ? "un'"
        : 'una '
      : special
        ? 'uno '
        : 'un ';
  const on = {
    'il ': 'sul ',
    'lo ': 'sullo ',
    'la ': 'sulla ',
    "l'": "sull'",
    'i ': 'sui ',
    'gli ': 'sugli ',
    'le ': 'sulle ',
  }[the];
  return { text, form, the, a, on };
}

const parsedNouns = Object.fromEntries(
  Object.entries(nouns).map(([topic, entries]) => [topic, entries.map(parseNoun)]),
);
const agreedAdjectives = Object.fromEntries(
  Object.entries(adjectives).map(([topic, entries]) => [
    topic,
    entries.map((adjective) => ({
      m: adjective,
      f: agree(adjective, 'f', false),
      ms: agree(adjective, 'm', true),
      fs: agree(adjective, 'f', true),
    })),
  ]),
);
const sectionSlugs = sections.map((section) => section.slug);

/** Writes `count` articles to `write`, one JSON line each. */
export function generateArticles(count, seed = 1, write = (line) => process.stdout.write(line)) {
  const random = randomSource(seed);
  const pick = (items) => items[Math.floor(random() * items.length)];
  const chance = (p) => random() < p;
  const between = (low, high) => low + Math.floor(random() * (high - low + 1));
  const fill = (template) => template.map((part) => (typeof part === 'string' ? part : pick(part))).join('');
  // The wires an international desk lives on come first.
  const agency = () => (chance(0.35) ? 'Reuters' : chance(0.3) ? 'ANSA' : pick(agencies));

  const authors = [];
  while (authors.length < 64) {
    const name = `${pick(firstNames)} ${pick(lastNames)}`;
    if (authors.some((author) => author.name === name)) continue;
    const kind = authors.length < 14 ? 'columnist' : authors.length < 54 ? 'staff' : 'contributor';
    authors.push({ slug: slugify(name), name, kind, job_title: pick(jobTitles[kind]) });
  }
  const byline = ({ slug, name, kind, job_title }) => ({ slug, name, kind, job_title });
  const columnists = authors.filter((author) => author.kind === 'columnist');
  const staff = authors.filter((author) => author.kind === 'staff');
  const analysts = authors.filter((author) => author.kind !== 'columnist');

  /** "the", "a" or "on" (sul, sulla, …) a noun of the topic, often with an adjective. */
  const nounPhrase = (topic, determiner) => {
    // Mostly the story's own words, but news crosses topics: a trial over a trade deal, a strike at a port.
    const roll = random();
    const noun = pick(parsedNouns[roll < 0.4 ? topic : roll < 0.75 ? pick(sectionSlugs) : 'common']);
    const adjective = chance(0.7) ? ` ${pick(agreedAdjectives[chance(0.5) ? topic : 'common'])[noun.form]}` : '';
    return `${noun[determiner]}${noun.text}${adjective}`;
  };
  const actor = (story) =>
    chance(0.25)
      ? story.actor
      : chance(0.55)
        ? pick(actors.stock)
        : chance(0.4)
          ? pick(actors.common)
          : pick(actors[story.topic]);
  /** "i sindacati ha" → "i sindacati hanno". */
  const acts = (who, verb) => `${who} ${/^(i|gli|le) /.test(who) ? verb.replace(/^ha /, 'hanno ') : verb}`;
  const place = (story) =>
    chance(0.6) ? story.place : pick(chance(story.section.abroad) ? places.abroad : places.italy);

  // A story is what several articles over a few weeks are about: one place, one actor, a few topic words.
  const storiesBySection = new Map();
  const storyFor = (section, index) => {
    const stories = storiesBySection.get(section) ?? [];
    storiesBySection.set(section, stories);
    const open = stories.filter((story) => story.until > index);
    if (open.length > 0 && chance(0.8)) return pick(open);
    const topic = section.slug === 'opinioni' ? pick(Object.keys(topicTags)) : section.slug;
    const story = {
      section,
      topic,
      place: pick(chance(section.abroad) ? places.abroad : places.italy),
      actor: pick(actors[topic]),
      subject: nounPhrase(topic, 'the'),
      tags: [pick(topicTags[topic]), pick(topicTags[topic])],
      until: index + between(20, 400),
    };
    stories.push(story);
    if (stories.length > 40) stories.shift();
    return story;
  };

  const sentence = (story) => {
    const roll = random();
    if (roll < 0.5) {
      const tail = chance(0.45) ? ` ${pick(commonPhrases)}` : chance(0.4) ? ` a ${place(story)}` : '';
      const extra = chance(0.35) ? ` ${nounPhrase(story.topic, 'on')}` : '';
      return `${capitalize(acts(actor(story), pick(verbs)))} ${nounPhrase(story.topic, chance(0.6) ? 'the' : 'a')}${extra}${tail}.`;
    }
    if (roll < 0.65)
      return `${pick(connectives)}, ${acts(actor(story), pick(verbs))} ${story.subject}${chance(0.5) ? ` ${pick(commonPhrases)}` : ''}.`;
    if (roll < 0.78)
      return `«${pick(quotes)}», ${pick(reportingVerbs)} ${actor(story)}${chance(0.4) ? ` a ${place(story)}` : ''}.`;
    if (roll < 0.84) {
      return `${capitalize(acts(actor(story), pick(['ha stanziato', 'ha chiesto', 'ha previsto', 'ha tagliato'])))} ${between(2, 900)} milioni ${pick(['per', 'contro', 'a sostegno di'])} ${nounPhrase(story.topic, 'a')}.`;
    }
    if (roll < 0.86)
      return `${capitalize(acts(actor(story), pick(verbs)))} ${nounPhrase(story.topic, 'the')} perché ${pick(['i tempi sono stretti', 'mancano le risorse', 'il quadro è cambiato', 'nessuno ha voluto rinunciare'])}.`;
    if (roll < 0.92) {
      const figure = `${between(2, 48)}${chance(0.5) ? `,${between(1, 9)}` : ''} per cento`;
      const change = pick(['la crescita è stata', 'il calo è stato', 'la spesa è salita', 'il sostegno è sceso']);
      const period = pick([
        "rispetto all'anno scorso",
        "nell'ultimo trimestre",
        'secondo le stime',
        'negli ultimi dodici mesi',
      ]);
      return `Per ${nounPhrase(story.topic, 'the')} ${change} del ${figure} ${period}.`;
    }
    return `Secondo quanto riferito da ${agency()}, ${acts(actor(story), pick(verbs))} ${nounPhrase(story.topic, 'a')}.`;
  };
  const paragraph = (story) => {
    const sentences = [];
    for (let i = between(2, 6); i > 0; i--) sentences.push(sentence(story));
    return sentences;
  };
  /** Background on the running stories: those of the article's section mostly, others often. */
  const background = (section) => {
    const sentences = [];
    for (const [name, lines] of Object.entries(agenda)) {
      if (!chance(section.agenda.includes(name) ? 0.9 : agendaShare[name])) continue;
      for (let i = chance(0.3) ? 2 : 1; i > 0; i--) sentences.push(fill(pick(lines)));
    }
    return sentences;
  };

  const start = Date.UTC(2022, 8, 1);
  const span = Date.UTC(2025, 8, 1) - start;
  for (let index = 0; index < count; index++) {
    const type = chance(0.7) ? 'news' : chance(0.68) ? 'opinion' : 'analysis';
    const section = type === 'opinion' ? opinionSection : pick(sections);
    const story = storyFor(section, index);
    const title = capitalize(
      chance(0.5)
        ? `${acts(story.actor, pick(verbs))} ${nounPhrase(story.topic, 'the')}${chance(0.4) ? ` a ${story.place}` : ''}`
        : `${story.place}, ${nounPhrase(story.topic, 'the')}: ${pick(['la svolta', 'lo scontro', 'i numeri', 'le reazioni', 'cosa cambia', 'il nodo', 'la trattativa', 'il caso'])}`,
    ).slice(0, 280);
    const paragraphs = [];
    for (let i = type === 'news' ? between(4, 10) : between(6, 12); i > 0; i--) paragraphs.push(paragraph(story));
    for (const line of background(section)) {
      const sentences = pick(paragraphs);
      sentences.splice(between(1, sentences.length), 0, line);
    }
    for (const [i, sentences] of paragraphs.entries()) paragraphs[i] = sentences.join(' ');
    if (type !== 'news' || chance(0.25)) paragraphs.splice(2, 0, `## ${capitalize(nounPhrase(story.topic, 'the'))}`);
    if (chance(0.2)) paragraphs.splice(paragraphs.length - 1, 0, `> «${pick(quotes)}»`);
    if (chance(0.1))
      paragraphs.splice(1, 0, [1, 2, 3].map(() => `- ${capitalize(nounPhrase(story.topic, 'a'))}`).join('\n'));
    const dateline = type === 'news' ? story.place.toUpperCase() : null;
    // Each article gets its own slice of the span, so dates are in file order, to the second.
    const publishedAt = Math.floor((start + ((index + random()) * span) / count) / 1000) * 1000;
    const author = pick(type === 'opinion' ? columnists : type === 'analysis' ? analysts : staff);
    const tags = [...new Set([...story.tags, ...(chance(0.5) ? [pick(topicTags[story.topic])] : [])])].map((tag) => {
      const [slug, name] = tag.split(':');
      return { slug, name: name ?? capitalize(slug) };
    });
    const sources =
      type === 'news'
        ? [...new Set([agency(), ...(chance(0.4) ? [agency()] : [])])]
        : chance(0.3)
          ? [
              {
                name: `Documento: ${nounPhrase(story.topic, 'the')}`,
                kind: 'document',
                url: `https://documenti.example/${story.topic}/${index}`,
              },
            ]
          : [];
    const record = {
      slug: `${slugify(title).slice(0, 90).replace(/-$/, '')}-${index + 1}`,
      title,
      subtitle: chance(0.6) ? sentence(story) : null,
      dateline,
      section: section.slug,
      section_name: section.name,
      type,
      ...(type === 'analysis' && chance(0.2)
        ? { authors: [byline(author), byline(pick(analysts.filter((other) => other !== author)))] }
        : { author: byline(author) }),
      tags,
      sources,
      published_at: new Date(publishedAt).toISOString(),
      ...(chance(0.08) ? { updated_at: new Date(publishedAt + between(1, 48) * 3600_000).toISOString() } : {}),
      body_markdown: (dateline ? `${dateline} – ` : '') + paragraphs.join('\n\n'),
      ...(chance(0.02)
        ? {
            corrections: [
              {
                at: new Date(publishedAt + between(2, 72) * 3600_000).toISOString(),
                kind: 'correction',
                text: `Una versione precedente indicava un luogo sbagliato: i fatti sono avvenuti a ${story.place}.`,
              },
            ],
          }
        : {}),
    };
    write(`${JSON.stringify(record)}\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [count = '1000', seed = '1'] = process.argv.slice(2);
  if (!/^\d+$/.test(count) || !/^\d+$/.test(seed)) {
    process.stderr.write('usage: node bench/generate-articles.mjs [count=1000] [seed=1] > articles.jsonl\n');
    process.exit(2);
  }
  process.stdout.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  let buffered = '';
  generateArticles(Number(count), Number(seed), (line) => {
    buffered += line;
    if (buffered.length > 1 << 20) {
      process.stdout.write(buffered);
      buffered = '';
    }
  });
  process.stdout.write(buffered);
}

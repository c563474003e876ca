// Words people build passwords from, lower-case: our own list of what a guesser tries first against an
// Italian newsroom (greetings, football clubs, names, places, the trade's own words) and the English
// classics. password-policy.ts strips digits and symbols around them and reads 0/1/3/4/5/7/@/$ as letters.
const words = `
password passwort passwd pass secret segreto segreta admin administrator amministratore root login accesso
welcome benvenuto benvenuta letmein iloveyou tiamo tivogliobene amore amoremio ciao ciaociao ciaobella
buongiorno buonasera salve grazie prego arrivederci dragon monkey master shadow sunshine princess
football calcio baseball superman batman trustno starwars pokemon whatever freedom qwerty qwertz azerty
juventus juve forzajuve forzajuventus napoli forzanapoli milan forzamilan acmilan inter forzainter
internazionale roma forzaroma asroma lazio forzalazio fiorentina forzaviola torino forzatoro genoa
sampdoria bologna atalanta udinese cagliari palermo verona parma
italia italy forzaitalia roma milano napoli torino firenze venezia bologna genova palermo bari catania
sicilia sardegna toscana lombardia piemonte puglia calabria campania veneto liguria
francesco alessandro andrea matteo lorenzo marco giuseppe giovanni antonio luca davide simone federico
giulia chiara francesca sara martina anna elena maria laura valentina alessia silvia paola roberta
gattino cagnolino tesoro tesorino cucciolo stella sole luna mare cuore angelo angioletto principessa
giornale giornalista redazione redattore direttore testata notizia notizie articolo cronaca editoriale
stampa quotidiano settimanale rivista editore newsroom editor journalist reporter news press
controvento testata abcdef abcdefgh abcdefghi qazwsx asdf asdfgh changeme cambiami
nuovapassword nuova temporanea provvisoria prova test tester testing demo default utente user
`;

export const commonPasswordWords: ReadonlySet<string> = new Set(words.split(/\s+/).filter(Boolean));

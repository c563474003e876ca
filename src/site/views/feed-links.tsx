// `<link rel="alternate">` tags that let browsers and feed readers discover a page's feeds: those of the
// listing the page shows first (the first of each type is the one a reader subscribes to), then the site's.
import { feedFormats, feedMediaTypes, feedPath, homePath, type FeedFormat } from '../../domain/reader-paths.ts';
import type { SiteContext } from './site-context.ts';

const feedFormatNames: Record<FeedFormat, string> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };

/** The listing whose feeds a page offers besides the site's: its path and its title (`Esteri`). */
export type FeedScopeLink = { basePath: string; title: string };

export function FeedLinks({ context, scope }: { context: SiteContext; scope?: FeedScopeLink | undefined }) {
  const name = context.publication.name;
  const scopes = [
    ...(scope && scope.basePath !== homePath ? [{ basePath: scope.basePath, title: `${name} – ${scope.title}` }] : []),
    { basePath: homePath, title: name },
  ];
  return (
    <>
      {scopes.flatMap(({ basePath, title }) =>
        feedFormats.map((format) => (
          <link
            rel="alternate"
            type={feedMediaTypes[format]}
            title={`${title} (${feedFormatNames[format]})`}
            href={context.absoluteUrl(feedPath(basePath, format))}
          />
        )),
      )}
    </>
  );
}

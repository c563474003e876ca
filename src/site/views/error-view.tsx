// Error pages in the publication's language, inside the usual frame so readers can find their way on.
import { PageLayout } from './page-layout.tsx';
import type { SiteContext } from './site-context.ts';

export function ErrorView({ status, context }: { status: 400 | 404 | 500 | 503; context: SiteContext }) {
  const { messages } = context;
  return (
    <PageLayout context={context} head={{ title: messages.errorTitle[status], description: '', isNoindex: true }}>
      <section class="error-page">
        <p class="error-status">{status}</p>
        <h1>{messages.errorTitle[status]}</h1>
        <p>{messages.errorText[status]}</p>
        <p>
          <a href="/">{messages.backHome}</a>
        </p>
      </section>
    </PageLayout>
  );
}

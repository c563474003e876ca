// The single publication row.
import type { Publication } from '../domain/publication.ts';
import type { Db } from './database.ts';

const publicationId = 'main';

export class PublicationRepository {
  constructor(private readonly db: Db) {}

  async find(): Promise<Publication | undefined> {
    const row = await this.db.selectFrom('publication').selectAll().where('id', '=', publicationId).executeTakeFirst();
    if (!row) return undefined;
    return {
      name: row.name,
      tagline: row.tagline,
      description: row.description,
      locale: row.locale,
      timeZone: row.time_zone,
      logoSrc: row.logo_src,
      supportBanner: row.support_banner,
      newsletterBlurb: row.newsletter_blurb,
      feedFullText: row.feed_full_text !== 0,
      legal: {
        registrationCourt: row.registration_court,
        registrationNumber: row.registration_number,
        registrationDate: row.registration_date,
        editorInChief: row.editor_in_chief,
        publisher: row.publisher,
        vatNumber: row.vat_number,
        address: row.address,
        hostingProvider: row.hosting_provider,
      },
    };
  }

  async save(publication: Publication, now: string): Promise<void> {
    const columns = {
      name: publication.name,
      tagline: publication.tagline,
      description: publication.description,
      locale: publication.locale,
      time_zone: publication.timeZone,
      logo_src: publication.logoSrc,
      support_banner: publication.supportBanner,
      newsletter_blurb: publication.newsletterBlurb,
      feed_full_text: publication.feedFullText ? 1 : 0,
      registration_court: publication.legal.registrationCourt,
      registration_number: publication.legal.registrationNumber,
      registration_date: publication.legal.registrationDate,
      editor_in_chief: publication.legal.editorInChief,
      publisher: publication.legal.publisher,
      vat_number: publication.legal.vatNumber,
      address: publication.legal.address,
      hosting_provider: publication.legal.hostingProvider,
      changed_at: now,
    };
    await this.db
      .insertInto('publication')
      .values({ id: publicationId, ...columns })
      .onConflict((oc) => oc.column('id').doUpdateSet(columns))
      .execute();
  }
}

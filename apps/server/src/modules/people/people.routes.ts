import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  DuplicateGroup,
  Family,
  GuardianInput,
  MergePersonsInput,
  MigrantListItem,
  MigrantProfile,
  MigrantProfileInput,
  MigrantQuery,
  UnmatchedPlacesQuery,
  pageOf,
  Person,
  PersonIdParams,
  PersonInput,
  PersonListItem,
  PersonMerge,
  PersonSearchQuery,
  SavedFilter,
  SavedFilterInput,
  TagChangeInput,
  TagDefinition,
  TagDefinitionInput,
  TagHistoryEntry,
  TimelineEntry,
  UnmaskedValue,
  UnmaskInput,
  UpdatePersonInput,
} from '@jinguo/contracts';
import { defineRoute, type Authenticate } from '../../platform/http/route.js';
import type { PeopleModule } from './index.js';
import { registerFamiliesRoutes } from './people.families.routes.js';

const items = <T extends z.ZodType>(t: T) => z.object({ items: z.array(t) });
const tags = ['people 人员与家庭'];
const read = { permission: 'person.read' } as const;
const write = { permission: 'person.write' } as const;

export function registerPeopleRoutes(app: FastifyInstance, auth: Authenticate, m: PeopleModule): void {
  defineRoute(app, auth, {
    method: 'GET',
    url: '/people',
    summary: 'Search persons (name, pinyin, initials, phone, ID number, tags, age, subtree)',
    tags,
    access: read,
    query: PersonSearchQuery,
    response: pageOf(PersonListItem),
    handler: ({ actor, query }) => m.people.search(actor, query),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/people',
    summary: 'Register a person',
    tags,
    access: write,
    body: PersonInput,
    status: 201,
    response: Person,
    handler: ({ actor, body }) => m.people.create(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/people/duplicates',
    summary: 'Suspected duplicates (same name and birth date in one town)',
    tags,
    access: read,
    query: z.object({ orgId: z.coerce.number().int().positive().optional() }),
    response: items(DuplicateGroup),
    handler: ({ actor, query }) => m.merge.duplicates(actor, query.orgId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/people/merge',
    summary: 'Merge a duplicate into the record kept',
    tags,
    access: write,
    body: MergePersonsInput,
    response: PersonMerge,
    handler: ({ actor, body }) => m.merge.merge(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/people/tags',
    summary: 'The tag dictionary',
    tags,
    access: read,
    response: items(TagDefinition),
    handler: ({ actor }) => m.people.tags(actor),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/people/tags',
    summary: 'Add a tag to the dictionary',
    tags,
    access: write,
    body: TagDefinitionInput,
    status: 201,
    response: TagDefinition,
    handler: ({ actor, body }) => m.people.createTag(actor, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/people/saved-filters',
    summary: 'My saved filters',
    tags,
    access: read,
    response: items(SavedFilter),
    handler: ({ actor }) => m.people.savedFilters(actor),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/people/saved-filters',
    summary: 'Save a filter',
    tags,
    access: read,
    body: SavedFilterInput,
    status: 201,
    response: SavedFilter,
    handler: ({ actor, body }) => m.people.saveFilter(actor, body.name, body.query),
  });
  defineRoute(app, auth, {
    method: 'DELETE',
    url: '/people/saved-filters/:filterId',
    summary: 'Delete a saved filter',
    tags,
    access: read,
    params: z.object({ filterId: z.coerce.number().int().positive() }),
    status: 204,
    response: z.null(),
    handler: ({ actor, params }) => m.people.deleteFilter(actor, params.filterId),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/people/migrants',
    summary: '在外妇女: by home org and where they are now',
    tags,
    access: read,
    query: MigrantQuery,
    response: pageOf(MigrantListItem),
    handler: ({ actor, query }) => m.migrants.list(actor, query),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/people/migrants/unmatched-places',
    summary: '在外妇女 whose current place names no place, or too little, for a cadre to fix',
    tags,
    access: read,
    query: UnmatchedPlacesQuery,
    response: pageOf(MigrantListItem),
    handler: ({ actor, query }) => m.migrants.list(actor, { ...query, unmatched: true }),
  });

  defineRoute(app, auth, {
    method: 'GET',
    url: '/people/:personId',
    summary: 'A person (sensitive fields masked)',
    tags,
    access: read,
    params: PersonIdParams,
    response: Person,
    serializer: 'compiled',
    handler: ({ actor, params }) => m.people.get(actor, params.personId),
  });
  defineRoute(app, auth, {
    method: 'PATCH',
    url: '/people/:personId',
    summary: 'Edit a person (send the version you read)',
    tags,
    access: write,
    params: PersonIdParams,
    body: UpdatePersonInput,
    response: Person,
    handler: ({ actor, params, body }) => m.people.update(actor, params.personId, body),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/people/:personId/unmask',
    summary: 'Show one sensitive field in clear (reason required, audited)',
    tags,
    access: { permission: 'person.unmask' },
    params: PersonIdParams,
    body: UnmaskInput,
    response: UnmaskedValue,
    handler: ({ actor, params, body }) => m.people.unmask(actor, params.personId, body.field, body.reason),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/people/:personId/tags',
    summary: 'Add and remove tags',
    tags,
    access: write,
    params: PersonIdParams,
    body: TagChangeInput,
    response: Person,
    handler: ({ actor, params, body }) => m.people.changeTags(actor, params.personId, body),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/people/:personId/tag-history',
    summary: 'Tag history (when and by whom)',
    tags,
    access: read,
    params: PersonIdParams,
    response: items(TagHistoryEntry),
    handler: ({ actor, params }) => m.people.tagHistory(actor, params.personId),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/people/:personId/guardians',
    summary: 'Set a guardian of a child',
    tags,
    access: write,
    params: PersonIdParams,
    body: GuardianInput,
    response: Person,
    handler: ({ actor, params, body }) =>
      m.people.setGuardian(actor, params.personId, body.guardianId, body.relationship),
  });
  defineRoute(app, auth, {
    method: 'DELETE',
    url: '/people/:personId/guardians/:guardianId',
    summary: 'Remove a guardian',
    tags,
    access: write,
    params: z.object({ personId: z.coerce.number().int().positive(), guardianId: z.coerce.number().int().positive() }),
    response: Person,
    handler: ({ actor, params }) => m.people.removeGuardian(actor, params.personId, params.guardianId),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/people/:personId/timeline',
    summary: 'Everything the platform knows about the person',
    tags,
    access: read,
    params: PersonIdParams,
    response: items(TimelineEntry),
    handler: ({ actor, params }) => m.timeline.of(actor, params.personId),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/people/:personId/merges',
    summary: 'Merges that formed this record',
    tags,
    access: read,
    params: PersonIdParams,
    response: items(PersonMerge),
    handler: ({ actor, params }) => m.merge.merges(actor, params.personId),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/people/:personId/families',
    summary: "The person's families",
    tags,
    access: read,
    params: PersonIdParams,
    response: items(Family),
    handler: ({ actor, params }) => m.families.ofPerson(actor, params.personId),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/people/:personId/migrant-profile',
    summary: '在外务工 profile',
    tags,
    access: read,
    params: PersonIdParams,
    response: MigrantProfile,
    handler: ({ actor, params }) => m.migrants.get(actor, params.personId),
  });
  defineRoute(app, auth, {
    method: 'PUT',
    url: '/people/:personId/migrant-profile',
    summary: 'Record where she works now',
    tags,
    access: write,
    params: PersonIdParams,
    body: MigrantProfileInput,
    response: MigrantProfile,
    handler: ({ actor, params, body }) => m.migrants.set(actor, params.personId, body),
  });
  registerFamiliesRoutes(app, auth, m.families);
}

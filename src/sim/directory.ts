import type { Models } from 'purecloud-platform-client-v2';
import { notFound } from './errors';
import { queryList, type RouteDef } from './kernel';
import { byName, normalisePresence, type Org, type OrgCollection, type OrgUser } from './org';
import { pageOf, readExpand, readPage } from './paging';
import { matchesWildcard } from './users';

/** UNCONFIRMED maxima except queue members ("Max value is 100", SDK doc of getRoutingQueueMembers). */
export const MAX_QUEUES_PAGE_SIZE = 500;
export const MAX_QUEUE_MEMBERS_PAGE_SIZE = 100;
export const MAX_GROUPS_PAGE_SIZE = 100;
export const MAX_GROUP_MEMBERS_PAGE_SIZE = 100;

/** Queues and groups: how supervisors slice a big org (issue 7). */
export function directoryRoutes(org: Org): RouteDef[] {
  const requireQueue = (id: string): OrgCollection => {
    const queue = org.queuesById.get(id);
    if (!queue) throw notFound(`Queue ${id} was not found.`);
    return queue;
  };
  const requireGroup = (id: string): OrgCollection => {
    const group = org.groupsById.get(id);
    if (!group) throw notFound(`Group ${id} was not found.`, 'general.resource.not.found');
    return group;
  };
  const members = (collection: OrgCollection): OrgUser[] =>
    collection.memberIds.map((id) => org.findUser(id)).filter((user): user is OrgUser => user !== undefined).sort(byName);

  return [
    {
      method: 'GET',
      pattern: '/api/v2/routing/queues',
      auth: 'token',
      handler: ({ query, path }) => {
        const page = readPage(query, MAX_QUEUES_PAGE_SIZE);
        let queues = org.queues;
        const name = query.get('name');
        if (name) queues = queues.filter((q) => matchesWildcard(q.name, name));
        const ids = queryList(query, 'id');
        if (ids.length > 0) queues = queues.filter((q) => ids.includes(q.id));
        if ((query.get('sortOrder') ?? 'asc').toLowerCase() === 'desc') queues = [...queues].reverse();
        const body: Models.QueueEntityListing = pageOf(queues, page, path, query, (queue) => org.queue(queue));
        return { status: 200, body };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/routing/queues/:queueId',
      auth: 'token',
      handler: ({ params }) => ({ status: 200, body: org.queue(requireQueue(params.queueId ?? '')) }),
    },
    {
      method: 'GET',
      pattern: '/api/v2/routing/queues/:queueId/members',
      auth: 'token',
      handler: ({ params, query, path }) => {
        const queue = requireQueue(params.queueId ?? '');
        const page = readPage(query, MAX_QUEUE_MEMBERS_PAGE_SIZE);
        const expand = readExpand(query);
        let list = members(queue);
        const name = query.get('name');
        if (name) list = list.filter((u) => u.name.toLowerCase().includes(name.toLowerCase()));
        const presences = new Set(queryList(query, 'presence').map(normalisePresence));
        if (presences.size > 0) list = list.filter((u) => presences.has(normalisePresence(org.definitionOf(u).systemPresence)));
        const statuses = new Set(queryList(query, 'routingStatus').map((s) => s.toUpperCase()));
        if (statuses.size > 0) list = list.filter((u) => statuses.has(u.routingStatus));
        const memberBy = query.get('memberBy');
        if (memberBy && memberBy.toLowerCase() !== 'user') list = [];
        if (query.get('joined') === 'false') list = [];
        if ((query.get('sortOrder') ?? 'asc').toLowerCase() === 'desc') list = list.reverse();
        const listing = pageOf(list, page, path, query, (user): Models.QueueMember => {
          const member: Models.QueueMember = {
            id: user.id,
            name: user.name,
            user: org.user(user, expand),
            ringNumber: 1,
            joined: true,
            memberBy: 'user',
            selfUri: `/api/v2/routing/queues/${queue.id}/members/${user.id}`,
          };
          if (expand.has('routingstatus')) member.routingStatus = org.routingStatusOf(user);
          return member;
        });
        // QueueMemberEntityListing has no total/pageCount/lastUri in the SDK model.
        const body: Models.QueueMemberEntityListing = {
          entities: listing.entities,
          pageNumber: listing.pageNumber,
          pageSize: listing.pageSize,
          firstUri: listing.firstUri,
          selfUri: listing.selfUri,
          ...(listing.nextUri ? { nextUri: listing.nextUri } : {}),
          ...(listing.previousUri ? { previousUri: listing.previousUri } : {}),
        };
        return { status: 200, body };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/groups',
      auth: 'token',
      handler: ({ query, path }) => {
        const page = readPage(query, MAX_GROUPS_PAGE_SIZE);
        let groups = org.groups;
        const ids = queryList(query, 'id');
        if (ids.length > 0) groups = groups.filter((g) => ids.includes(g.id));
        if ((query.get('sortOrder') ?? 'ASC').toUpperCase() === 'DESC') groups = [...groups].reverse();
        const body: Models.GroupEntityListing = pageOf(groups, page, path, query, (group) => org.group(group));
        return { status: 200, body };
      },
    },
    {
      method: 'GET',
      pattern: '/api/v2/groups/:groupId',
      auth: 'token',
      handler: ({ params }) => ({ status: 200, body: org.group(requireGroup(params.groupId ?? '')) }),
    },
    {
      method: 'GET',
      pattern: '/api/v2/groups/:groupId/members',
      auth: 'token',
      handler: ({ params, query, path }) => {
        const group = requireGroup(params.groupId ?? '');
        const page = readPage(query, MAX_GROUP_MEMBERS_PAGE_SIZE);
        const expand = readExpand(query);
        let list = members(group);
        if ((query.get('sortOrder') ?? 'ASC').toUpperCase() === 'DESC') list = list.reverse();
        const body: Models.UserEntityListing = pageOf(list, page, path, query, (user) => org.user(user, expand));
        return { status: 200, body };
      },
    },
  ];
}

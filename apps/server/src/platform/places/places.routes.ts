import type { FastifyInstance } from 'fastify';
import { PlaceTree, type PlaceTreeNode } from '@jinguo/contracts';
import { defineRoute, type Authenticate } from '../http/route.js';
import { placeData, type PlaceData, type PlaceNode } from './places.data.js';

let tree: PlaceTreeNode[] | null = null;
function placeTree(data: PlaceData): PlaceTreeNode[] {
  const node = (p: PlaceNode, depth: number): PlaceTreeNode => {
    const kids = data.children.get(p.code) ?? [];
    return depth < 2 && kids.length
      ? { code: p.code, name: p.name, children: kids.map((k) => node(k, depth + 1)) }
      : { code: p.code, name: p.name };
  };
  tree ??= data.provinces.map((p) => node(p, 0));
  return tree;
}

/** The place list for the web's cascader (any signed-in staff: it is public reference data). */
export function registerPlaceRoutes(app: FastifyInstance, auth: Authenticate): void {
  defineRoute(app, auth, {
    method: 'GET',
    url: '/places',
    summary: 'Provinces, cities and districts of China by code, as a tree',
    tags: ['places 地点'],
    access: 'authenticated',
    response: PlaceTree,
    handler: async () => ({ items: placeTree(placeData()) }),
  });
}

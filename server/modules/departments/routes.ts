// Departments: HTTP only.
import { created, perm, route, type RouteDef } from '../../http/route.js';
import {
  CreateDepartment,
  DepartmentList,
  DepartmentQuery,
  DepartmentView,
  UpdateDepartment,
  idParam,
} from './schema.js';
import type { DepartmentsService } from './service.js';

export function departmentRoutes(departments: DepartmentsService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/departments',
      tag: 'departments',
      summary: 'List departments; q matches code, name, pinyin initials or full pinyin',
      auth: 'signed-in',
      query: DepartmentQuery,
      response: DepartmentList,
      async handler(req) {
        return { items: await departments.list(req.query) };
      },
    }),
    route({
      method: 'post',
      path: '/departments',
      tag: 'departments',
      summary: 'Create a department',
      auth: perm('admin.departments'),
      body: CreateDepartment,
      response: DepartmentView,
      async handler(req) {
        return created(await departments.create(req.actor!, req.body));
      },
    }),
    route({
      method: 'put',
      path: '/departments/:id',
      tag: 'departments',
      summary: 'Update a department (full object with version)',
      auth: perm('admin.departments'),
      params: idParam,
      body: UpdateDepartment,
      response: DepartmentView,
      async handler(req) {
        return departments.update(req.actor!, req.params.id, req.body);
      },
    }),
  ];
}

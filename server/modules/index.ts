// Every domain module, wired one way (server/modules/define.ts): a new module adds its folder,
// with its module.ts, and one line here. The order is the order of their routes.
import type { RouteDef } from '../http/route.js';
import type { ModuleContext } from './context.js';
import { wireModules } from './define.js';
import audit from './audit/module.js';
import auth from './auth/module.js';
import beds from './beds/module.js';
import billing from './billing/module.js';
import catalog from './catalog/module.js';
import clinics from './clinics/module.js';
import departments from './departments/module.js';
import devices from './devices/module.js';
import diagnoses from './diagnoses/module.js';
import display from './display/module.js';
import equipment from './equipment/module.js';
import inventory from './inventory/module.js';
import insuranceSettlement from './insurance-settlement/module.js';
import insurance from './insurance/module.js';
import insuranceCatalog from './insurance-catalog/module.js';
import insuranceRecon from './insurance-recon/module.js';
import inventoryReports from './inventory-reports/module.js';
import invoiceMapping from './invoice-mapping/module.js';
import orders from './orders/module.js';
import outpatient from './outpatient/module.js';
import patients from './patients/module.js';
import pharmacy from './pharmacy/module.js';
import printing from './printing/module.js';
import queue from './queue/module.js';
import registration from './registration/module.js';
import roles from './roles/module.js';
import roster from './roster/module.js';
import settings from './settings/module.js';
import staff from './staff/module.js';
import stays from './stays/module.js';
import inpatientCharges from './inpatient-charges/module.js';
import stockLocations from './stock-locations/module.js';
import suppliers from './suppliers/module.js';
import users from './users/module.js';
import workstations from './workstations/module.js';

export const MODULES = [
  auth,
  audit,
  departments,
  staff,
  users,
  roles,
  settings,
  workstations,
  patients,
  catalog,
  diagnoses,
  pharmacy,
  outpatient,
  orders,
  clinics,
  roster,
  registration,
  queue,
  display,
  billing,
  printing,
  devices,
  equipment,
  inventoryReports,
  suppliers,
  stockLocations,
  inventory,
  invoiceMapping,
  insurance,
  insuranceCatalog,
  insuranceRecon,
  insuranceSettlement,
  stays,
  beds,
  inpatientCharges,
];

export function moduleRoutes(m: ModuleContext): RouteDef[] {
  return wireModules(m, MODULES);
}

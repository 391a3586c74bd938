// Every domain module's routes. A new module adds its folder and one line here.
import type { RouteDef } from '../http/route.js';
import type { ModuleContext } from './context.js';
import { auditRoutes } from './audit/routes.js';
import { authRoutes } from './auth/routes.js';
import { departmentRoutes } from './departments/routes.js';
import { createDepartmentsService } from './departments/service.js';
import { roleRoutes } from './roles/routes.js';
import { createRolesService } from './roles/service.js';
import { settingsRoutes } from './settings/routes.js';
import { createSettingsService } from './settings/service.js';
import { staffRoutes } from './staff/routes.js';
import { createStaffService } from './staff/service.js';
import { userRoutes } from './users/routes.js';
import { createUsersService } from './users/service.js';
import { workstationRoutes } from './workstations/routes.js';
import { patientRoutes } from './patients/routes.js';
import { createPatientsService } from './patients/service.js';
import { catalogAdminRoutes } from './catalog/admin-routes.js';
import { catalogRoutes } from './catalog/routes.js';
import { createCatalogService } from './catalog/service.js';
import { diagnosisRoutes } from './diagnoses/routes.js';
import { createDiagnosesService } from './diagnoses/service.js';
import { createWorkstationsService } from './workstations/service.js';
import { bindingsOf } from './workstations/bindings.js';
import { pharmacyRoutes } from './pharmacy/routes.js';
import { createPharmacyService } from './pharmacy/service.js';
import { orderRoutes } from './orders/routes.js';
import { createOrdersService } from './orders/service.js';
import { outpatientRoutes } from './outpatient/routes.js';
import { createOutpatientService } from './outpatient/service.js';
import { clinicRoutes } from './clinics/routes.js';
import { createClinicsService } from './clinics/service.js';
import { rosterRoutes } from './roster/routes.js';
import { createRosterService } from './roster/service.js';
import { registrationRoutes } from './registration/routes.js';
import { createRegistrationService } from './registration/service.js';
import { queueRoutes } from './queue/routes.js';
import { createQueueService } from './queue/service.js';
import { displayRoutes } from './display/routes.js';
import { createDisplayService } from './display/service.js';
import { billingRoutes } from './billing/routes.js';
import { printingRoutes } from './printing/routes.js';
import { createPrintingService } from './printing/service.js';
import { devicesModule } from './devices/index.js';
import { equipmentModule } from './equipment/index.js';
import { inventoryReportsModule } from './inventory-reports/index.js';
import { supplierRoutes } from './suppliers/routes.js';
import { createSuppliersService } from './suppliers/service.js';
import { stockLocationRoutes } from './stock-locations/routes.js';
import { createStockLocationsService } from './stock-locations/service.js';
import { inventoryModule } from './inventory/index.js';
import { invoiceMappingRoutes } from './invoice-mapping/routes.js';
import { createInvoiceMappingService } from './invoice-mapping/service.js';

export function moduleRoutes(m: ModuleContext): RouteDef[] {
  return [
    ...authRoutes(m.auth),
    ...auditRoutes(m.audit),
    ...departmentRoutes(createDepartmentsService(m)),
    ...staffRoutes(createStaffService(m)),
    ...userRoutes(createUsersService(m)),
    ...roleRoutes(createRolesService(m)),
    ...settingsRoutes(createSettingsService(m)),
    ...workstationRoutes(createWorkstationsService(m), bindingsOf(m)),
    ...patientRoutes(createPatientsService(m)),
    ...catalogRoutes(createCatalogService(m)),
    ...catalogAdminRoutes(m),
    ...diagnosisRoutes(createDiagnosesService(m)),
    ...pharmacyRoutes(createPharmacyService(m)),
    ...outpatientRoutes(createOutpatientService(m)),
    ...orderRoutes(createOrdersService(m)),
    ...clinicRoutes(createClinicsService(m)),
    ...rosterRoutes(createRosterService(m)),
    ...registrationRoutes(createRegistrationService(m)),
    ...queueRoutes(createQueueService(m)),
    ...displayRoutes(createDisplayService(m)),
    ...billingRoutes(m),
    ...printingRoutes(createPrintingService(m)),
    ...devicesModule(m),
    ...equipmentModule(m),
    ...inventoryReportsModule(m),
    ...supplierRoutes(createSuppliersService(m)),
    ...stockLocationRoutes(createStockLocationsService(m)),
    ...inventoryModule(m),
    ...invoiceMappingRoutes(createInvoiceMappingService(m)),
  ];
}

global using Marten;
global using TransnationalReferral.ServiceDefaults;
global using TransnationalReferral.ServiceDefaults.Deadlines;
global using TransnationalReferral.ServiceDefaults.Decisions;
global using TransnationalReferral.ServiceDefaults.EventStore;
global using TransnationalReferral.ServiceDefaults.Http;
global using TransnationalReferral.ServiceDefaults.Security;

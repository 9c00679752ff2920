using TransnationalReferral.Identification;
using TransnationalReferral.ServiceDefaults;

return WebApplication.CreateBuilder(args).RunReferralService(new IdentificationService(), args);

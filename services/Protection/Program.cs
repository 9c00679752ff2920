using TransnationalReferral.Protection;
using TransnationalReferral.ServiceDefaults;

return WebApplication.CreateBuilder(args).RunReferralService(new ProtectionService(), args);

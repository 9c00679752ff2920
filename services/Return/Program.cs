using TransnationalReferral.Return;
using TransnationalReferral.ServiceDefaults;

return WebApplication.CreateBuilder(args).RunReferralService(new ReturnService(), args);

using TransnationalReferral.JudicialCooperation;
using TransnationalReferral.ServiceDefaults;

return WebApplication.CreateBuilder(args).RunReferralService(new JudicialCooperationService(), args);

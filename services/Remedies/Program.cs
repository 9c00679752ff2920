using TransnationalReferral.Remedies;
using TransnationalReferral.ServiceDefaults;

return WebApplication.CreateBuilder(args).RunReferralService(new RemediesService(), args);

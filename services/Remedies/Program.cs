using TransnationalReferral.Remedies;

return WebApplication.CreateBuilder(args).RunReferralService(new RemediesService(), args);

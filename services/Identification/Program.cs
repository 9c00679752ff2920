using TransnationalReferral.Identification;

return WebApplication.CreateBuilder(args).RunReferralService(new IdentificationService(), args);

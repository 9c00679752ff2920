using TransnationalReferral.JudicialCooperation;

return WebApplication.CreateBuilder(args).RunReferralService(new JudicialCooperationService(), args);

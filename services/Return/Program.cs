using TransnationalReferral.Return;

return WebApplication.CreateBuilder(args).RunReferralService(new ReturnService(), args);

using TransnationalReferral.Protection;

return WebApplication.CreateBuilder(args).RunReferralService(new ProtectionService(), args);

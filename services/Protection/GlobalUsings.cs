// The shared plumbing's namespaces are imported for every service in services/Directory.Build.props.
global using TransnationalReferral.Protection.Cases;
// The referral's files still say GenderServed for what is now SexServed (one vocabulary with the case's sex: female, male).
global using GenderServed = TransnationalReferral.Protection.Cases.SexServed;
global using Interpreter = TransnationalReferral.ServiceDefaults.Cases.Interpreter;

// The shared plumbing's namespaces are imported for every service in services/Directory.Build.props.
global using TransnationalReferral.JudicialCooperation.Cases;
global using TransnationalReferral.JudicialCooperation.Requests;

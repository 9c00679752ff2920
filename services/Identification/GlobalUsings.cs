// The shared plumbing's namespaces are imported for every service in services/Directory.Build.props.
global using TransnationalReferral.Identification.Cases;
global using Interpreter = TransnationalReferral.ServiceDefaults.Cases.Interpreter;

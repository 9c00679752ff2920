namespace TransnationalReferral.ServiceDefaults.Cases;

/// <summary>A risk level as every service assesses it (protection, a return, a victim's safety in proceedings).</summary>
public enum RiskLevel { Low, Medium, High }

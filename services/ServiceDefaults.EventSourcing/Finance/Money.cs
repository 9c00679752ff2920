using System.Collections.Frozen;

namespace TransnationalReferral.ServiceDefaults.Finance;

/// <summary>An amount in a currency: decimal, never floating point; the currency an ISO 4217 code.</summary>
public sealed record Money(decimal Amount, string Currency)
{
    public static Money Zero(string currency) => new(0m, currency);

    public Money Plus(Money other) => other.Currency == Currency ? this with { Amount = Amount + other.Amount } : throw new InvalidOperationException($"Cannot add {other.Currency} to {Currency}.");

    public Money Minus(Money other) => other.Currency == Currency ? this with { Amount = Amount - other.Amount } : throw new InvalidOperationException($"Cannot subtract {other.Currency} from {Currency}.");

    public override string ToString() => $"{Amount.ToString($"F{(Currencies.IsValid(Currency) ? Currencies.MinorUnits(Currency) : 2)}", System.Globalization.CultureInfo.InvariantCulture)} {Currency}";
}

/// <summary>The active ISO 4217 currency codes and their minor units.</summary>
public static class Currencies
{
    private static readonly FrozenSet<string> Codes = """
        AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK
        DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR
        KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB
        PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD
        TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).ToFrozenSet();

    private static readonly FrozenSet<string> NoMinorUnit = new[] { "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF" }.ToFrozenSet();
    private static readonly FrozenSet<string> ThreeMinorUnits = new[] { "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND" }.ToFrozenSet();

    public static bool IsValid(string? code) => code is not null && Codes.Contains(code);

    public static int MinorUnits(string code) => NoMinorUnit.Contains(code) ? 0 : ThreeMinorUnits.Contains(code) ? 3 : 2;

    /// <summary>Why an amount is not valid money (null when it is): a known currency, positive, no more decimals than the currency has.</summary>
    public static string? Problem(decimal amount, string? currency)
    {
        if (!IsValid(currency)) return "currency: an ISO 4217 code (e.g. EUR, RON, GBP).";
        if (amount <= 0) return "amount: more than zero.";
        if (amount > 1_000_000_000_000m) return "amount: too large.";
        if (decimal.Round(amount, MinorUnits(currency!)) != amount) return $"amount: at most {MinorUnits(currency!)} decimals in {currency}.";
        return null;
    }
}

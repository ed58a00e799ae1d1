namespace FeedAggregator.Dedupe;

/// <summary>
/// Query parameters that only say where a reader came from (campaign, click id, referrer),
/// never which page is shown. <see cref="CanonicalUrl"/> drops them so that one article shared
/// through a newsletter, a social network and an RSS feed has one canonical URL.
/// Names compare case-insensitively. Add a name here only when it never selects content:
/// a wrongly dropped parameter merges two different pages, which is worse than a missed duplicate.
/// </summary>
public static class TrackingParameters
{
    /// <summary>Every parameter whose name starts with one of these is tracking (Google Analytics campaign tags).</summary>
    public static readonly IReadOnlyList<string> Prefixes = ["utm_"];

    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        // Advertising click identifiers: Facebook, Google Ads, DoubleClick, Microsoft Ads, Yandex, Instagram.
        "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "igshid", "twclid", "ttclid",
        // Mailchimp campaign and subscriber ids.
        "mc_cid", "mc_eid",
        // Referrer and share markers (ref_src: Twitter; ref, share: many CMSes).
        "ref", "ref_src", "ref_url", "share", "shared",
        // Publisher campaign ids (cmpid/CMP: Financial Times, Guardian, Dow Jones; ito: BBC; ocid: MSN).
        "cmpid", "cmp", "ito", "ocid", "icid",
        // comScore/Nielsen (BBC and others).
        "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname", "ns_fee",
        // AT Internet (Le Monde, France Télévisions and others).
        "at_medium", "at_campaign", "at_custom1", "at_custom2", "at_custom3", "at_custom4",
        // Google Analytics cross-domain linker, Alibaba/Taobao position marker, HubSpot.
        "_ga", "_gl", "spm", "_hsenc", "_hsmi",
    };

    /// <summary>True when a query parameter of this (decoded) name is tracking and can be dropped.</summary>
    public static bool IsTracking(string name)
    {
        if (Names.Contains(name)) return true;
        foreach (var prefix in Prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}

namespace CrisisKit.Simulation;

/// <summary>
/// Sentences for generated mentions, per language and topic, written for CrisisKit. <c>{b}</c> marks where the
/// brand reference goes (its name, handle or hashtag).
/// </summary>
internal static class PhraseBanks
{
    public static readonly string[][] English =
    [
        // Topic.Neutral
        [
            "Anyone know if {b} ships to Cyprus?", "Thinking about switching to {b}, any thoughts?", "Just saw the new {b} ad on TV",
            "Does {b} support eSIM on the X9?", "{b} store on Main Street opens at 9 tomorrow", "What time does {b} support close on Sundays?",
            "Comparing {b} plans with the others, will decide this weekend", "Is the {b} X9 out in Europe yet?", "my sister works at {b} lol",
            "Reading the {b} quarterly results", "Got a text from {b} about a new tariff", "{b} event livestream starts at 7pm",
            "Need a new charger for my {b} phone", "Which {b} plan do you use for travel?", "Heading to the {b} shop to pick up my order",
        ],

        // Topic.Positive
        [
            "Loving my new {b} phone, the camera is amazing 😍", "Shoutout to {b} support, fixed my issue in 5 minutes!", "{b} coverage in the mountains is sooo good",
            "Best upgrade ever, thanks {b} 🙌", "Really happy with {b} so far", "{b} just gave me a free upgrade, great service!",
            "The new {b} update made everything faster, nice work", "10/10 would recommend {b} to anyone", "Great deal on the {b} family plan :)",
            "Honestly {b} has the friendliest staff", "Switched to {b} last month and no regrets", "{b} battery lasts two full days, impressive",
        ],

        // Topic.Negative (ordinary complaints)
        [
            "{b} internet has been slow all evening", "Waited 40 minutes on hold with {b}, not great", "Why is my {b} bill higher this month?",
            "{b} app keeps logging me out, annoying", "meh, the new {b} update moved all the buttons", "No signal again in my area {b}",
            "{b} delivery is late again 🙄", "Disappointed with the {b} camera in low light", "The {b} store had no stock, wasted trip",
            "{b} charged me twice for the same order", "Still waiting for a reply from {b}", "Not impressed with {b} roaming prices",
        ],

        // Topic.ViralOriginal
        [
            "{b} cut off my mother's line while she was in hospital and support hung up on me TWICE. Absolutely disgraceful. Retweet so they listen.",
            "I have been a {b} customer for 12 years and today they told me my complaint 'is not a priority'. Shameful treatment. Please share.",
        ],

        // Topic.ViralReaction
        [
            "This is disgusting {b}, fix it now", "Unbelievable. {b} should be ashamed", "Same thing happened to me with {b}, they never help",
            "{b} treating customers like garbage as usual 😡", "Leaving {b} after reading this", "How is this acceptable {b}??",
            "Shared. {b} needs to answer for this", "{b} this is a disgrace, respond!", "Horrible. Never trusting {b} again",
            "Wow {b}. Just wow. Awful", "@ everyone: avoid {b}", "{b} support is the worst, this proves it",
        ],

        // Topic.Defect
        [
            "My {b} X9 gets really hot while charging, is this normal?", "{b} X9 battery swelling, the back cover popped open",
            "Anyone else's {b} phone overheating? Mine burned my hand", "{b} X9 smelled like burning plastic last night 😨",
            "Battery drained and the {b} phone got scorching hot, scary", "{b} please recall the X9, it is a fire hazard",
            "My kid's {b} phone caught fire on the charger. Terrifying", "{b} X9 overheating problem is real, stop ignoring it",
            "Second {b} X9 that overheats, replacement was defective too", "Is the {b} X9 safe? Mine is swelling",
        ],

        // Topic.Breach
        [
            "{b} data breach: my account was hacked and my card used overnight", "Did {b} just leak our personal data?? Got a phishing text with my full name",
            "BREAKING: {b} confirms hackers accessed customer records", "{b} why did I learn about the data leak from the news?",
            "Change your passwords NOW if you're with {b}, they got hacked", "{b} leaked my ID number and address, I'm furious",
            "Security breach at {b}, millions of customers affected", "Scammers are calling {b} customers with stolen data, be careful",
            "{b} owes us answers about this breach", "My {b} account shows logins from another country 😱",
        ],

        // Topic.Backlash
        [
            "That new {b} ad is offensive and tone deaf. #Boycott{b}", "Who approved this {b} commercial? Disgusting #Boycott{b}",
            "Cancelling my {b} contract over that ad. #Boycott{b}", "{b} mocking people in its ad is vile", "The {b} ad is a new low, shame on you",
            "Pull the ad {b}. Apologise. #Boycott{b}", "{b} marketing team should be fired for this ad", "Insulting ad from {b}, done with them",
        ],

        // Topic.Spam
        [
            "🔥 WIN a FREE {b} X9! Click here 👉 http://bit.ly/win{n} #giveaway", "Free {b} gift card 💰 claim now http://bit.ly/gift-{n} #free",
            "{b} X9 only 9.99!!! limited offer http://bit.ly/deal{n}", "Get 1000 {b} points free ➡ http://bit.ly/points{n} #promo",
        ],

        // Topic.Recovery
        [
            "Thanks {b} for sorting it out so quickly, really appreciated", "Credit where it's due, {b} fixed everything and apologised",
            "{b} called me back and resolved it, great response", "Impressed by how {b} handled this, well done",
            "Problem solved, thank you {b} team!", "{b} refunded me and upgraded my plan, happy customer again",
        ],
    ];

    public static readonly string[][] Greek =
    [
        // Topic.Neutral
        [
            "Ξέρει κανείς αν η {b} έχει κατάστημα στη Λάρισα;", "Σκέφτομαι να πάω στη {b}, γνώμες;", "Είδα τη νέα διαφήμιση της {b} στην τηλεόραση",
            "Τι ώρα κλείνει το κατάστημα της {b} το Σάββατο;", "Ήρθε μήνυμα από τη {b} για νέο πρόγραμμα", "Ποιο πρόγραμμα της {b} έχετε για ταξίδια;",
            "Πάω στη {b} να παραλάβω την παραγγελία", "Βγήκε στην Ελλάδα το {b} X9;", "Χρειάζομαι φορτιστή για το κινητό της {b}",
            "Διαβάζω τα αποτελέσματα της {b}", "η αδερφή μου δουλεύει στη {b} χαχα",
        ],

        // Topic.Positive
        [
            "Τέλειο το καινούργιο κινητό της {b}, φοβερή κάμερα 😍", "Μπράβο στην εξυπηρέτηση της {b}, λύσανε το θέμα σε 5 λεπτά!",
            "Πολύ ευχαριστημένος με τη {b}", "Ευχαριστώ {b} για τη δωρεάν αναβάθμιση!", "Η {b} έχει το καλύτερο δίκτυο στο νησί",
            "ΤΕΛΕΙΑ εξυπηρέτηση από {b} σήμερα", "Άλλαξα σε {b} και δεν το μετάνιωσα", "Η μπαταρία του {b} κρατάει δύο μέρες, εντυπωσιακό",
        ],

        // Topic.Negative
        [
            "Αργό ίντερνετ από τη {b} όλο το βράδυ", "40 λεπτά αναμονή στη {b}, δεν είναι σοβαρά πράγματα", "Γιατί ο λογαριασμός της {b} ήρθε πιο φουσκωμένος;",
            "Η εφαρμογή της {b} με πετάει έξω συνέχεια", "Πάλι χωρίς σήμα στη γειτονιά μου {b}", "Άργησε πάλι η παράδοση από {b} 🙄",
            "Απογοητευμένος από την κάμερα του {b} το βράδυ", "Η {b} με χρέωσε δύο φορές", "Ακόμα περιμένω απάντηση από τη {b}",
        ],

        // Topic.ViralOriginal
        [
            "Η {b} έκοψε τη γραμμή της μητέρας μου ενώ ήταν στο νοσοκομείο και μου έκλεισαν το τηλέφωνο ΔΥΟ φορές. Απαράδεκτοι. Κάντε κοινοποίηση.",
            "12 χρόνια πελάτης της {b} και σήμερα μου είπαν ότι το παράπονό μου 'δεν είναι προτεραιότητα'. Ντροπή. Κοινοποιήστε.",
        ],

        // Topic.ViralReaction
        [
            "Ντροπή σας {b}, φτιάξτε το τώρα", "Απίστευτο. Η {b} πρέπει να ντρέπεται", "Τα ίδια έπαθα κι εγώ με τη {b}, ποτέ δεν βοηθάνε",
            "Η {b} φέρεται στους πελάτες σαν σκουπίδια 😡", "Φεύγω από τη {b} μετά από αυτό", "Πώς είναι αυτό αποδεκτό {b};;",
            "Κοινοποίησα. Η {b} να απαντήσει", "{b} αίσχος, απαντήστε!", "Άθλιοι. Δεν εμπιστεύομαι ξανά τη {b}",
        ],

        // Topic.Defect
        [
            "Το {b} X9 ζεσταίνεται πολύ όταν φορτίζει, είναι φυσιολογικό;", "Φούσκωσε η μπαταρία στο {b} X9, άνοιξε το καπάκι",
            "Σε κανέναν άλλον υπερθερμαίνεται το κινητό της {b}; Μου έκαψε το χέρι", "Το {b} X9 μύριζε καμένο πλαστικό χθες 😨",
            "{b} ανακαλέστε το X9, είναι επικίνδυνο για φωτιά", "Πήρε φωτιά το κινητό της {b} στον φορτιστή. Τρόμος",
            "Το πρόβλημα υπερθέρμανσης του {b} X9 είναι αληθινό, σταματήστε να το αγνοείτε", "Είναι ασφαλές το {b} X9; Το δικό μου φουσκώνει",
        ],

        // Topic.Breach
        [
            "Διαρροή δεδομένων στη {b}: μου χάκαραν τον λογαριασμό και χρέωσαν την κάρτα μου", "Διέρρευσαν τα προσωπικά μας στοιχεία από τη {b};;",
            "ΕΚΤΑΚΤΟ: Η {b} επιβεβαιώνει ότι χάκερ απέκτησαν πρόσβαση σε στοιχεία πελατών", "{b} γιατί έμαθα για τη διαρροή από τις ειδήσεις;",
            "Αλλάξτε κωδικούς ΤΩΡΑ αν είστε στη {b}, τους χάκαραν", "Η {b} διέρρευσε τη διεύθυνσή μου, είμαι έξαλλος",
            "Απατεώνες παίρνουν τηλέφωνο πελάτες της {b} με κλεμμένα στοιχεία, προσοχή", "Ο λογαριασμός μου στη {b} δείχνει συνδέσεις από άλλη χώρα 😱",
        ],

        // Topic.Backlash
        [
            "Προσβλητική η νέα διαφήμιση της {b}. #Boycott{b}", "Ποιος ενέκρινε αυτή τη διαφήμιση της {b}; Αηδία #Boycott{b}",
            "Κόβω το συμβόλαιο με τη {b} για αυτή τη διαφήμιση", "Η {b} κοροϊδεύει ανθρώπους στη διαφήμιση, αίσχος",
            "Κατεβάστε τη διαφήμιση {b}. Ζητήστε συγγνώμη. #Boycott{b}", "Ντροπή {b}, αυτή η διαφήμιση είναι προσβολή",
        ],

        // Topic.Spam
        [
            "🔥 ΚΕΡΔΙΣΕ ΔΩΡΕΑΝ {b} X9! Πάτα εδώ 👉 http://bit.ly/gr{n} #διαγωνισμός", "Δωροκάρτα {b} 💰 δωρεάν τώρα http://bit.ly/dora{n}",
        ],

        // Topic.Recovery
        [
            "Ευχαριστώ {b} που το λύσατε τόσο γρήγορα", "Να τα λέμε κι αυτά, η {b} τα διόρθωσε όλα και ζήτησε συγγνώμη",
            "Με πήραν τηλέφωνο από τη {b} και λύθηκε, μπράβο", "Μπράβο στην ομάδα της {b}, πρόβλημα λύθηκε!",
        ],
    ];

    /// <summary>A sentence split at its brand placeholder, ready to be joined with a brand reference.</summary>
    internal readonly record struct Template(string Before, string After, bool HasNumber);

    /// <summary>Splits every sentence of <paramref name="bank"/> at <c>{b}</c> (first occurrence) after putting <paramref name="brand"/> in any others.</summary>
    public static Template[][] Compile(string[][] bank, string brand) =>
        [.. bank.Select(topic => topic.Select(sentence =>
        {
            var at = sentence.IndexOf("{b}", StringComparison.Ordinal);
            var before = sentence[..at];
            var after = sentence[(at + 3)..].Replace("{b}", brand, StringComparison.Ordinal);
            return new Template(before, after, after.Contains("{n}", StringComparison.Ordinal));
        }).ToArray())];
}

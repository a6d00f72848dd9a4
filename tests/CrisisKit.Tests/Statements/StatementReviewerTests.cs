using System.Text.Json;
using CrisisKit.Categories;
using CrisisKit.Mentions;
using CrisisKit.Statements;

namespace CrisisKit.Tests.Statements;

public class StatementReviewerTests
{
    private const string GoodEnglish =
        "We know the Veltro app has been down since 9am and many of you can't pay or log in. We're sorry. " +
        "Our engineers are restoring service now and we'll post the next update by 11am at status.veltro.com.";

    private const string GoodGreek =
        "Γνωρίζουμε ότι η εφαρμογή της Veltro δεν λειτουργεί από τις 9 το πρωί και πολλοί από εσάς δεν μπορείτε να πληρώσετε. " +
        "Ζητούμε συγγνώμη. Οι μηχανικοί μας εργάζονται για την αποκατάσταση και θα σας ενημερώσουμε έως τις 11:00 στο veltro.gr/status.";

    private static readonly RuleBasedStatementReviewer Reviewer = new();

    private static readonly StatementContext OutageOnX = new("en", Platforms.X, CrisisCategory.Outage, "Veltro");

    private static StatementReview Review(string draft, StatementContext? context = null) => Reviewer.Review(draft, context ?? new StatementContext());

    private static IEnumerable<StatementFinding> Findings(StatementReview review, StatementRule rule) => review.Findings.Where(f => f.Rule == rule);

    private static IEnumerable<string> Spans(StatementReview review, string draft, StatementRule rule) => Findings(review, rule).Select(f => f.Span.Slice(draft));

    // ----- well-written holding statements -----

    [Fact]
    public void A_well_written_English_holding_statement_has_no_warnings_or_errors()
    {
        var review = Review(GoodEnglish, OutageOnX);

        review.Findings.Should().BeEmpty(because: string.Join("; ", review.Findings));
        review.IsReady.Should().BeTrue();
        review.Language.Should().Be("en");
        review.Score.Should().Be(100);
    }

    [Fact]
    public void A_well_written_Greek_holding_statement_has_no_warnings_or_errors()
    {
        var review = Review(GoodGreek, new StatementContext(null, Platforms.Facebook, CrisisCategory.Outage, "Veltro"));

        review.Findings.Where(f => f.Severity >= StatementSeverity.Warning).Should().BeEmpty(because: string.Join("; ", review.Findings));
        review.IsReady.Should().BeTrue();
        review.Language.Should().Be("el", because: "Greek script is detected when no language is given");
        review.Findings.Should().BeEmpty(because: string.Join("; ", review.Findings));
        review.Score.Should().Be(100);
    }

    [Fact]
    public void A_well_written_Greek_statement_in_capitals_and_without_tonos_is_still_recognised()
    {
        var draft = "ΓΝΩΡΙΖΟΥΜΕ ότι η εφαρμογη δεν λειτουργει. Ζητουμε συγγνωμη. Θα σας ενημερωνουμε στην ιστοσελιδα μας.";
        var review = Review(draft, new StatementContext("el", null, CrisisCategory.Outage));

        review.Findings.Where(f => f.Severity >= StatementSeverity.Warning).Should().BeEmpty(because: string.Join("; ", review.Findings));
    }

    // ----- (1) acknowledges the issue -----

    [Theory]
    [InlineData("en", "Thank you for your patience. We will share more at veltro.com/status.")]
    [InlineData("el", "Ευχαριστούμε για την υπομονή σας. Θα ενημερώσουμε στο veltro.gr/status.")]
    public void A_statement_that_does_not_say_what_happened_is_flagged(string language, string draft)
    {
        var finding = Findings(Review(draft, new StatementContext(language)), StatementRule.AcknowledgesIssue).Should().ContainSingle().Subject;

        finding.Severity.Should().Be(StatementSeverity.Warning);
        finding.Span.Should().Be(StatementSpan.None);
        finding.Suggestion.Should().NotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("en", "We are aware of the problem and will share more at veltro.com/status.")]
    [InlineData("en", "We've received reports from customers and will share more at veltro.com/status.")]
    [InlineData("en", "Our app has been down since 9am, we will share more at veltro.com/status.")]
    [InlineData("el", "Ενημερωθήκαμε για το πρόβλημα και θα ενημερώσουμε στο veltro.gr/status.")]
    [InlineData("el", "ΕΧΟΥΜΕ ΛΑΒΕΙ ΑΝΑΦΟΡΕΣ από πελάτες και θα ενημερώσουμε στο veltro.gr/status.")]
    [InlineData("el", "Η εφαρμογή δεν λειτουργεί από το πρωί, θα ενημερώσουμε στο veltro.gr/status.")]
    public void A_statement_that_acknowledges_the_issue_or_names_it_passes(string language, string draft) =>
        Findings(Review(draft, new StatementContext(language)), StatementRule.AcknowledgesIssue).Should().BeEmpty();

    // ----- (2) empathy and apology -----

    [Theory]
    [InlineData("en", CrisisCategory.DataBreach, "We are aware of unauthorised access to customer data. We will email affected customers today.")]
    [InlineData("en", CrisisCategory.ProductSafety, "We are aware that some chargers overheated. We are not sorry. We will replace them.")]
    [InlineData("el", CrisisCategory.DataBreach, "Γνωρίζουμε ότι υπήρξε μη εξουσιοδοτημένη πρόσβαση σε δεδομένα πελατών. Θα σας στείλουμε email σήμερα.")]
    [InlineData("el", CrisisCategory.CustomerService, "Γνωρίζουμε ότι περιμένατε ώρες στο τηλέφωνο. Δεν λυπούμαστε. Θα προσλάβουμε προσωπικό.")]
    public void A_missing_apology_is_a_warning_where_customers_were_harmed(string language, CrisisCategory category, string draft)
    {
        var finding = Findings(Review(draft, new StatementContext(language, null, category)), StatementRule.ExpressesEmpathy).Should().ContainSingle().Subject;

        finding.Severity.Should().Be(StatementSeverity.Warning);
        finding.Message.Should().Contain("apologise").And.Contain(category.ToId());
        finding.Span.IsEmpty.Should().BeTrue();
    }

    [Theory]
    [InlineData("en", "We are aware of unauthorised access to customer data and we're truly sorry. We will email you today.")]
    [InlineData("en", "We apologise: we know customer data was exposed. We will email you today.")]
    [InlineData("el", "Γνωρίζουμε ότι εκτέθηκαν δεδομένα πελατών. Ζητούμε ειλικρινά συγγνώμη. Θα σας στείλουμε email.")]
    [InlineData("el", "ΛΥΠΟΥΜΑΣΤΕ ΕΙΛΙΚΡΙΝΑ. Γνωρίζουμε ότι εκτέθηκαν δεδομένα πελατών.")]
    [InlineData("el", "Λυπουμαστε για την διαρροη. Γνωριζουμε οτι εκτεθηκαν δεδομενα πελατων.")]
    public void A_plain_apology_passes(string language, string draft) =>
        Findings(Review(draft, new StatementContext(language, null, CrisisCategory.DataBreach)), StatementRule.ExpressesEmpathy).Should().BeEmpty();

    [Theory]
    [InlineData("en", "We are aware of false posts about our products. We will publish the facts at veltro.com.")]
    [InlineData("el", "Γνωρίζουμε ότι κυκλοφορούν ψευδείς αναρτήσεις. Θα δημοσιεύσουμε τα στοιχεία στο veltro.gr.")]
    public void Without_harm_a_statement_with_no_empathy_gets_only_an_info(string language, string draft)
    {
        var review = Review(draft, new StatementContext(language, null, CrisisCategory.Misinformation));

        Findings(review, StatementRule.ExpressesEmpathy).Should().ContainSingle().Which.Severity.Should().Be(StatementSeverity.Info);
        Findings(Reviewer.Review(draft + (language == "el" ? " Κατανοούμε την ανησυχία σας." : " We understand how worrying this is."), new StatementContext(language, null, CrisisCategory.Misinformation)), StatementRule.ExpressesEmpathy)
            .Should().BeEmpty();
    }

    [Theory]
    [InlineData("en", "We apologise if anyone was offended by our advert.", "apologise if")]
    [InlineData("en", "We are sorry for any inconvenience caused.", "for any inconvenience")]
    [InlineData("el", "Λυπούμαστε αν κάποιος ενοχλήθηκε από τη διαφήμιση.", "Λυπούμαστε αν")]
    [InlineData("el", "Ζητούμε συγγνώμη για την όποια αναστάτωση.", "για την όποια αναστάτωση")]
    public void A_conditional_apology_is_flagged_with_its_span(string language, string draft, string expected)
    {
        var review = Review(draft, new StatementContext(language, null, CrisisCategory.OffensiveContent));

        Spans(review, draft, StatementRule.TakesResponsibility).Should().Equal(expected);
        Findings(review, StatementRule.TakesResponsibility).Single().Message.Should().Contain("Conditional");
    }

    [Fact]
    public void A_conditional_apology_does_not_count_as_an_apology()
    {
        var review = Review("We apologise if anyone was offended by our advert.", new StatementContext("en", null, CrisisCategory.OffensiveContent));

        Findings(review, StatementRule.ExpressesEmpathy).Should().ContainSingle().Which.Severity.Should().Be(StatementSeverity.Warning);
    }

    // ----- (3) takes responsibility -----

    [Theory]
    [InlineData("en", "The delay was due to a third party and beyond our control.", new[] { "due to a third party", "beyond our control" })]
    [InlineData("en", "Only some users were affected by an isolated incident.", new[] { "some users", "an isolated incident" })]
    [InlineData("en", "A small number of customers saw errors caused by our supplier.", new[] { "A small number of", "our supplier" })]
    [InlineData("el", "Η καθυστέρηση οφείλεται σε εξωτερικό συνεργάτη, πέρα από τον έλεγχό μας.", new[] { "εξωτερικό συνεργάτη", "πέρα από τον έλεγχό μας" })]
    [InlineData("el", "ΠΕΡΑ ΑΠΟ ΤΟΝ ΕΛΕΓΧΟ ΜΑΣ, ένα μεμονωμένο περιστατικό.", new[] { "ΠΕΡΑ ΑΠΟ ΤΟΝ ΕΛΕΓΧΟ ΜΑΣ", "μεμονωμένο περιστατικό" })]
    [InlineData("el", "Επηρεάστηκαν ορισμένοι χρήστες λόγω ανωτέρας βίας.", new[] { "ορισμένοι χρήστες", "ανωτέρας βίας" })]
    public void Blame_shifting_and_minimising_are_flagged_with_their_spans(string language, string draft, string[] expected)
    {
        var review = Review(draft, new StatementContext(language));

        Spans(review, draft, StatementRule.TakesResponsibility).Should().Equal(expected);
        Findings(review, StatementRule.TakesResponsibility).Should().OnlyContain(f => f.Severity == StatementSeverity.Warning && f.Suggestion != null);
    }

    [Theory]
    [InlineData("en", "We made a mistake and we are sorry. We will fix it today.")]
    [InlineData("el", "Κάναμε λάθος και ζητούμε συγγνώμη. Θα το διορθώσουμε σήμερα.")]
    public void Owning_the_problem_raises_no_responsibility_finding(string language, string draft) =>
        Findings(Review(draft, new StatementContext(language)), StatementRule.TakesResponsibility).Should().BeEmpty();

    // ----- (4) next steps and where updates appear -----

    [Theory]
    [InlineData("en", "We are aware of the outage and we're sorry.")]
    [InlineData("en", "We are aware of the outage. We will not comment further.")]
    [InlineData("el", "Γνωρίζουμε το πρόβλημα και ζητούμε συγγνώμη.")]
    [InlineData("el", "Γνωρίζουμε το πρόβλημα. Δεν θα κάνουμε σχόλια.")]
    public void A_statement_without_next_steps_is_flagged(string language, string draft)
    {
        var review = Review(draft, new StatementContext(language));

        Findings(review, StatementRule.CommitsToNextSteps).Should().ContainSingle().Which.Severity.Should().Be(StatementSeverity.Warning);
        Findings(review, StatementRule.SaysWhereUpdatesAppear).Should().ContainSingle().Which.Span.Should().Be(StatementSpan.None);
    }

    [Theory]
    [InlineData("en", "We will refund every affected order by Friday.")]
    [InlineData("en", "Our engineers are rolling back the update.")]
    [InlineData("en", "We have paused all deliveries from the Athens depot.")]
    [InlineData("en", "Please stop using the charger until we replace it.")]
    [InlineData("el", "Θα επιστρέψουμε τα χρήματα σε κάθε πελάτη.")]
    [InlineData("el", "Έχουμε ήδη αποσύρει τις παρτίδες από τα καταστήματα.")]
    [InlineData("el", "ΕΡΓΑΖΟΜΑΣΤΕ για την αποκατάσταση της υπηρεσίας.")]
    public void Concrete_next_steps_pass(string language, string draft) =>
        Findings(Review(draft, new StatementContext(language)), StatementRule.CommitsToNextSteps).Should().BeEmpty();

    [Theory]
    [InlineData("en", "Updates at https://status.veltro.com")]
    [InlineData("en", "Follow @VeltroCare for updates.")]
    [InlineData("en", "Write to care@veltro.com with any questions.")]
    [InlineData("en", "We'll keep you updated on our website.")]
    [InlineData("el", "Θα σας ενημερώνουμε για κάθε εξέλιξη.")]
    [InlineData("el", "Περισσότερα στην ιστοσελίδα μας.")]
    [InlineData("el", "Στείλτε μας μήνυμα στο @VeltroGR.")]
    public void Saying_where_updates_appear_passes(string language, string draft) =>
        Findings(Review(draft, new StatementContext(language)), StatementRule.SaysWhereUpdatesAppear).Should().BeEmpty();

    // ----- (5) legalese -----

    [Theory]
    [InlineData("en", "Pursuant to our policy, the alleged defect is under review.", new[] { "Pursuant to", "alleged" })]
    [InlineData("en", "Without prejudice, we deny any wrongdoing.", new[] { "Without prejudice", "we deny" })]
    [InlineData("el", "Σύμφωνα με τις διατάξεις, το φερόμενο ελάττωμα εξετάζεται.", new[] { "Σύμφωνα με τις διατάξεις", "φερόμενο" })]
    [InlineData("el", "ΑΡΝΟΥΜΑΣΤΕ κάθε ευθύνη, με την επιφύλαξη παντός δικαιώματος.", new[] { "ΑΡΝΟΥΜΑΣΤΕ", "με την επιφύλαξη παντός δικαιώματος" })]
    public void Legalese_is_flagged_with_its_spans(string language, string draft, string[] expected)
    {
        var review = Review(draft, new StatementContext(language));

        Spans(review, draft, StatementRule.AvoidsLegalese).Should().Equal(expected);
        Findings(review, StatementRule.AvoidsLegalese).Should().OnlyContain(f => f.Severity == StatementSeverity.Warning);
    }

    [Fact]
    public void A_denial_is_fitting_when_the_story_is_a_hoax()
    {
        const string draft = "We deny the false claim that our water is contaminated, pursuant to lab tests.";

        var hoax = Review(draft, new StatementContext("en", null, CrisisCategory.Misinformation));
        var safety = Review(draft, new StatementContext("en", null, CrisisCategory.ProductSafety));

        Spans(hoax, draft, StatementRule.AvoidsLegalese).Should().Equal("pursuant to");
        Spans(safety, draft, StatementRule.AvoidsLegalese).Should().Equal("We deny", "pursuant to");
    }

    [Fact]
    public void A_blame_shifting_legalese_statement_gets_the_expected_findings()
    {
        const string draft =
            "Without admission of liability, the company notes that the alleged service disruption affected only a small number of users " +
            "and was due to a third party supplier beyond our control.";

        var review = Review(draft, new StatementContext("en", Platforms.Facebook, CrisisCategory.Outage));

        Spans(review, draft, StatementRule.AvoidsLegalese).Should().Equal("Without admission of liability", "alleged");
        Spans(review, draft, StatementRule.TakesResponsibility).Should().Equal("a small number of", "due to a third party", "beyond our control");
        Findings(review, StatementRule.ExpressesEmpathy).Should().ContainSingle().Which.Severity.Should().Be(StatementSeverity.Warning);
        Findings(review, StatementRule.CommitsToNextSteps).Should().ContainSingle();
        Findings(review, StatementRule.SaysWhereUpdatesAppear).Should().ContainSingle();
        review.IsReady.Should().BeTrue(because: "warnings do not block publication");
        review.Score.Should().BeLessThan(60);
        review.Findings.Select(f => f.Severity).Should().BeInDescendingOrder();
    }

    [Fact]
    public void A_Greek_blame_shifting_legalese_statement_gets_the_expected_findings()
    {
        const string draft =
            "Με την επιφύλαξη παντός δικαιώματος, η εταιρεία σημειώνει ότι το φερόμενο πρόβλημα αφορούσε μικρό αριθμό χρηστών " +
            "και οφείλεται σε εξωτερικό συνεργάτη, πέρα από τον έλεγχο μας.";

        var review = Review(draft, new StatementContext(null, Platforms.Facebook, CrisisCategory.Outage));

        review.Language.Should().Be("el");
        Spans(review, draft, StatementRule.AvoidsLegalese).Should().Equal("Με την επιφύλαξη παντός δικαιώματος", "φερόμενο");
        Spans(review, draft, StatementRule.TakesResponsibility).Should().Equal("μικρό αριθμό", "εξωτερικό συνεργάτη", "πέρα από τον έλεγχο μας");
        Findings(review, StatementRule.ExpressesEmpathy).Should().ContainSingle();
        Findings(review, StatementRule.CommitsToNextSteps).Should().ContainSingle();
        review.Score.Should().BeLessThan(60);
    }

    // ----- (6) platform length -----

    [Fact]
    public void An_over_length_X_post_is_an_error_spanning_the_overflow()
    {
        var draft = GoodEnglish + " " + new string('a', 60) + " and more words until it no longer fits in a post.";
        draft.Length.Should().BeGreaterThan(280);

        var finding = Findings(Review(draft, OutageOnX), StatementRule.FitsPlatform).Should().ContainSingle().Subject;

        finding.Severity.Should().Be(StatementSeverity.Error);
        finding.Span.Should().Be(new StatementSpan(280 - 23 + "status.veltro.com".Length, draft.Length - (280 - 23 + "status.veltro.com".Length)), because: "the link counts 23 as X counts it");
        finding.Span.End.Should().Be(draft.Length);
        Review(draft, OutageOnX).IsReady.Should().BeFalse();
    }

    [Fact]
    public void X_counts_plain_text_by_character_and_emoji_as_two()
    {
        var plain = new string('x', 300);
        Findings(Review(plain, OutageOnX), StatementRule.FitsPlatform).Single().Span.Should().Be(new StatementSpan(280, 20));

        var greek = string.Concat(Enumerable.Repeat("αβγδε ", 50)); // 300 characters, Greek weighs 1 on X
        Findings(Review(greek, OutageOnX with { Language = "el" }), StatementRule.FitsPlatform).Single().Span.Should().Be(new StatementSpan(280, 20));

        var emoji = string.Concat(Enumerable.Repeat("\U0001F525", 141)); // 141 emoji weigh 282
        Findings(Review(emoji, OutageOnX), StatementRule.FitsPlatform).Single().Span.Should().Be(new StatementSpan(280, 2));

        Findings(Review(new string('x', 280), OutageOnX), StatementRule.FitsPlatform).Should().BeEmpty();
        Findings(Review("See https://veltro.com/" + new string('p', 200) + " " + new string('x', 250), OutageOnX), StatementRule.FitsPlatform)
            .Should().BeEmpty(because: "a link counts 23 whatever its length");
    }

    [Theory]
    [InlineData(Platforms.Facebook)]
    [InlineData(Platforms.Instagram)]
    [InlineData(Platforms.LinkedIn)]
    public void A_long_social_post_gets_a_warning_spanning_what_runs_past_600(string platform)
    {
        var draft = GoodEnglish + " " + string.Concat(Enumerable.Repeat("We will share more detail here. ", 20));

        var finding = Findings(Review(draft, OutageOnX with { Platform = platform }), StatementRule.FitsPlatform).Should().ContainSingle().Subject;

        finding.Severity.Should().Be(StatementSeverity.Warning);
        finding.Span.Should().Be(new StatementSpan(600, draft.Length - 600));
    }

    [Fact]
    public void A_press_release_has_no_length_limit_and_a_hard_limit_beats_the_soft_one()
    {
        var longText = GoodEnglish + string.Concat(Enumerable.Repeat(" We will share more detail here.", 200));

        Findings(Review(longText, OutageOnX with { Platform = StatementPlatforms.PressRelease }), StatementRule.FitsPlatform).Should().BeEmpty();
        Findings(Review(longText, OutageOnX with { Platform = null }), StatementRule.FitsPlatform).Should().BeEmpty();
        Findings(Review(longText, OutageOnX with { Platform = "Instagram" }), StatementRule.FitsPlatform).Single().Should()
            .Match<StatementFinding>(f => f.Severity == StatementSeverity.Error && f.Span.Start == 2200 && f.Span.End == longText.Length);
        Findings(Review(new string('y', 290), OutageOnX with { Platform = "twitter" }), StatementRule.FitsPlatform).Single().Severity.Should().Be(StatementSeverity.Error);
    }

    // ----- (7) placeholders -----

    [Fact]
    public void Unfilled_placeholders_are_errors_with_their_spans()
    {
        const string draft = "We're sorry, {brand} customers. We will restore service on [DATE]; updates at [Insert link]. Contact: TBD, ___";

        var review = Review(draft, OutageOnX);
        var findings = Findings(review, StatementRule.NoPlaceholders).ToList();

        findings.Select(f => f.Span.Slice(draft)).Should().Equal("{brand}", "[DATE]", "[Insert link]", "TBD", "___");
        findings.Should().OnlyContain(f => f.Severity == StatementSeverity.Error);
        findings[0].Suggestion.Should().Contain("Veltro");
        review.IsReady.Should().BeFalse();
        review.Score.Should().BeLessThanOrEqualTo(60);
    }

    [Fact]
    public void Greek_placeholders_are_errors_too()
    {
        const string draft = "Ζητούμε συγγνώμη. Θα ενημερώσουμε στις ΧΧ:ΧΧ στο [ΣΥΝΔΕΣΜΟΣ] για την {{εταιρεία}}.";

        var spans = Spans(Review(draft, new StatementContext("el", null, null, "Veltro")), draft, StatementRule.NoPlaceholders);

        spans.Should().Equal("ΧΧ", "ΧΧ", "[ΣΥΝΔΕΣΜΟΣ]", "{{εταιρεία}}");
    }

    [Theory]
    [InlineData("Read the [full statement](https://veltro.com/statement).")]
    [InlineData("The report said the fault was \"rare\" [sic] and we are sorry.")]
    [InlineData("Our CEO (Maria Papadopoulou) said we are sorry.")]
    public void Brackets_that_are_not_placeholders_pass(string draft) =>
        Findings(Review(draft, new StatementContext("en")), StatementRule.NoPlaceholders).Should().BeEmpty();

    // ----- (8) tone and brand name -----

    [Fact]
    public void Exclamation_runs_and_all_caps_are_warnings_with_spans()
    {
        const string draft = "WE ARE SO SORRY!!! We will fix it today!";

        var review = Review(draft, new StatementContext("en"));
        var tone = Findings(review, StatementRule.CalmTone).ToList();

        tone.Select(f => f.Span.Slice(draft)).Should().BeEquivalentTo("WE ARE SO SORRY", "!!!", "!");
        tone.Should().OnlyContain(f => f.Severity == StatementSeverity.Warning);
    }

    [Fact]
    public void One_exclamation_mark_is_an_info_and_acronyms_are_not_shouting()
    {
        const string draft = "Our CEO and the GDPR team thank you for your patience!";

        var tone = Findings(Review(draft, new StatementContext("en")), StatementRule.CalmTone).Should().ContainSingle().Subject;

        tone.Severity.Should().Be(StatementSeverity.Info);
        tone.Span.Slice(draft).Should().Be("!");
    }

    [Fact]
    public void Greek_capitals_are_shouting_too() =>
        Spans(Review("ΖΗΤΟΥΜΕ ΣΥΓΓΝΩΜΗ ΑΠΟ ΟΛΟΥΣ. Θα ενημερώσουμε.", new StatementContext("el")), "ΖΗΤΟΥΜΕ ΣΥΓΓΝΩΜΗ ΑΠΟ ΟΛΟΥΣ. Θα ενημερώσουμε.", StatementRule.CalmTone)
            .Should().Equal("ΖΗΤΟΥΜΕ ΣΥΓΓΝΩΜΗ ΑΠΟ ΟΛΟΥΣ");

    [Fact]
    public void A_misspelt_brand_name_is_an_info()
    {
        const string draft = "At veltro we are sorry. Veltro will fix it: see veltro.com or @veltro.";

        var finding = Findings(Review(draft, OutageOnX), StatementRule.BrandName).Should().ContainSingle().Subject;

        finding.Severity.Should().Be(StatementSeverity.Info);
        finding.Span.Should().Be(new StatementSpan(3, 6));
    }

    // ----- arguments, options, languages -----

    [Fact]
    public void A_null_draft_or_context_throws()
    {
        FluentActions.Invoking(() => Reviewer.Review(null!, new StatementContext())).Should().Throw<ArgumentNullException>().WithParameterName("draft");
        FluentActions.Invoking(() => Reviewer.Review("We are sorry.", null!)).Should().Throw<ArgumentNullException>().WithParameterName("context");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t ")]
    public void An_empty_draft_is_a_single_empty_error(string draft)
    {
        var review = Review(draft, OutageOnX);

        var finding = review.Findings.Should().ContainSingle().Subject;
        finding.Rule.Should().Be(StatementRule.Empty);
        JsonSerializer.Serialize(finding.Rule).Should().Be("\"empty\"");
        finding.Severity.Should().Be(StatementSeverity.Error);
        finding.Span.Should().Be(StatementSpan.None);
        review.IsReady.Should().BeFalse();
        review.Score.Should().Be(0);
    }

    [Fact]
    public void A_language_without_cues_runs_only_the_language_independent_rules()
    {
        var review = Review("Wir entschuldigen uns!!! Mehr unter {link}.", new StatementContext("de-AT"));

        review.Language.Should().BeNull();
        review.Findings.Select(f => f.Rule).Should().BeEquivalentTo([StatementRule.NoPlaceholders, StatementRule.Language, StatementRule.CalmTone]);
    }

    [Fact]
    public void Apps_can_add_cues_and_bad_lexicons_are_rejected()
    {
        var options = new StatementReviewOptions();
        options.Lexicons["en"] = "[blame]\nthe weather\n";
        options.Lexicons["de"] = "[apology]\nentschuldig*\n[next-steps]\nwir werden\n[updates]\nauf unserer website\n[acknowledge]\nwir wissen\n";
        var reviewer = new RuleBasedStatementReviewer(options);

        const string draft = "We are sorry: the weather stopped deliveries.";
        Spans(reviewer.Review(draft, new StatementContext("en")), draft, StatementRule.TakesResponsibility).Should().Equal("the weather");
        reviewer.Review("Wir wissen davon und entschuldigen uns. Wir werden alles erstatten, mehr auf unserer Website.", new StatementContext("de", null, CrisisCategory.Outage))
            .Findings.Should().BeEmpty();

        foreach (var bad in (string[])["[nonsense]\nfoo\n", "before any section\n", "[blame]\nthird party\t2\n", "[negators]\nnot at all\n", "[blame]\nab*\n"])
        {
            var badOptions = new StatementReviewOptions();
            badOptions.Lexicons["en"] = bad;
            FluentActions.Invoking(() => new RuleBasedStatementReviewer(badOptions)).Should().Throw<ArgumentException>().WithMessage("*StatementReviewOptions.Lexicons[en]*");
        }

        FluentActions.Invoking(() => new RuleBasedStatementReviewer(new StatementReviewOptions { SocialSoftLimit = 0 })).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new RuleBasedStatementReviewer(null!)).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Every_rule_id_is_listed_and_findings_use_only_listed_ids()
    {
        Enum.GetValues<StatementRule>().Select(r => JsonSerializer.Serialize(r).Trim('"')).Should().OnlyHaveUniqueItems()
            .And.Contain(["acknowledges-issue", "expresses-empathy", "takes-responsibility", "no-placeholders", "empty"]);
        var review = Review("Pursuant to {x}, SOME USERS WERE HIT!!! by a third party", OutageOnX);
        review.Findings.Select(f => f.Rule).Should().OnlyContain(r => Enum.IsDefined(r));
    }

    [Fact]
    public void Reviews_are_the_same_from_many_threads()
    {
        string[] drafts = [GoodEnglish, GoodGreek, "Due to a third party, some users were affected. Pursuant to policy, no comment."];
        var expected = drafts.Select(d => Review(d, OutageOnX with { Language = null })).ToArray();

        Parallel.For(0, 300, i =>
        {
            var review = Review(drafts[i % drafts.Length], OutageOnX with { Language = null });
            review.Findings.Should().Equal(expected[i % drafts.Length].Findings);
            review.Score.Should().Be(expected[i % drafts.Length].Score);
        });
    }
}

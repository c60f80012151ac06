turnout-bad-quorum = invalid quorum { $value }: a number of people between 1 and 100,000
turnout-below-quorum = warning: at { $venue } on { $date }, { $expected } people are expected, fewer than the quorum of { $quorum }

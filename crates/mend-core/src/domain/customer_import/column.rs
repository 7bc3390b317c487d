//! The customer details a column of the file can hold.

use serde::{Deserialize, Serialize};

/// What a column of the file holds, as guessed from its header or chosen by
/// the owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// The customer's full name.
    Name,
    /// The first (given) name; joined with [`Column::LastName`].
    FirstName,
    /// The last (family) name; joined after [`Column::FirstName`].
    LastName,
    /// The little word that starts a last name in Dutch and Flemish exports
    /// ("van", "de", "van der"), kept apart by some systems; joined between
    /// the first and the last name.
    LastNamePrefix,
    /// What the customer likes to be called; the name only when the file has
    /// no full name and no first or last name for the row.
    Nickname,
    /// A phone number.
    Phone,
    /// A second phone number, read when the row has nothing under
    /// [`Column::Phone`]: the landline beside a mobile number.
    OtherPhone,
    /// An e-mail address.
    Email,
    /// How many times the customer came.
    Visits,
    /// How much the customer has spent in total.
    TotalSpend,
    /// The day of the first visit (or when the customer was added).
    FirstVisit,
    /// The day of the most recent visit.
    LastVisit,
    /// Anything else: not imported.
    Ignore,
}

impl Column {
    /// How the column is called in messages and in the preview's lines, starting with a
    /// capital, in the words of the import screen's choices.
    pub fn label(self) -> &'static str {
        match self {
            Column::Name => "Name",
            Column::FirstName => "First name",
            Column::LastName => "Last name",
            Column::LastNamePrefix => "Last name prefix",
            Column::Nickname => "Nickname",
            Column::Phone => "Phone",
            Column::OtherPhone => "Other phone",
            Column::Email => "Email",
            Column::Visits => "Visits",
            Column::TotalSpend => "Total spend",
            Column::FirstVisit => "First visit",
            Column::LastVisit => "Last visit",
            Column::Ignore => "Don't import",
        }
    }

    /// Whether the column can give a row its name on its own (a last-name
    /// prefix can't).
    pub(super) fn holds_name(self) -> bool {
        matches!(self, Column::Name | Column::FirstName | Column::LastName | Column::Nickname)
    }

    /// Whether the column holds a day (first or last visit).
    pub(super) fn holds_date(self) -> bool {
        matches!(self, Column::FirstVisit | Column::LastVisit)
    }
}

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
    /// A phone number.
    Phone,
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
    /// How the column is called in messages, starting with a capital.
    pub fn label(self) -> &'static str {
        match self {
            Column::Name => "Name",
            Column::FirstName => "First name",
            Column::LastName => "Last name",
            Column::Phone => "Phone",
            Column::Email => "E-mail",
            Column::Visits => "Number of visits",
            Column::TotalSpend => "Total spend",
            Column::FirstVisit => "First visit",
            Column::LastVisit => "Last visit",
            Column::Ignore => "Don't import",
        }
    }

    /// Whether the column holds the name or half of it.
    pub(super) fn holds_name(self) -> bool {
        matches!(self, Column::Name | Column::FirstName | Column::LastName)
    }

    /// Whether the column holds a day (first or last visit).
    pub(super) fn holds_date(self) -> bool {
        matches!(self, Column::FirstVisit | Column::LastVisit)
    }
}

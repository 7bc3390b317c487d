//! Guessing what each column holds from its header.
//!
//! Exports name their columns in the owner's language and in the words of
//! whichever system wrote them ("Client Name", "Mobile", "Total Spent",
//! "Vorname", "Téléphone"…). A header is reduced to a key (lower case, no
//! accents, letters and digits only) and looked up in two lists: whole names
//! we know, and words that point at a column when found inside a longer
//! header.

use super::column::Column;

/// Header names we recognise exactly, per column, as [`header_key`] writes
/// them (lower case, no accents, letters and digits only).
const EXACT: &[(Column, &[&str])] = &[
    (
        Column::Name,
        &[
            "name",
            "fullname",
            "customername",
            "customerfullname",
            "clientname",
            "clientfullname",
            "customer",
            "client",
            "contact",
            "contactname",
            "guest",
            "guestname",
            "displayname",
            "nom",
            "nomcomplet",
            "nomduclient",
            "kunde",
            "kundenname",
            "nombre",
            "nombrecompleto",
            "cliente",
            "nombredelcliente",
            "nome",
            "nomecompleto",
            "naam",
            "volledigenaam",
            "klant",
        ],
    ),
    (
        Column::FirstName,
        &[
            "firstname",
            "first",
            "givenname",
            "forename",
            "customerfirstname",
            "clientfirstname",
            "prenom",
            "vorname",
            "primeironome",
            "voornaam",
        ],
    ),
    (
        Column::LastName,
        &[
            "lastname",
            "last",
            "surname",
            "familyname",
            "customerlastname",
            "clientlastname",
            "nachname",
            "familienname",
            "apellido",
            "apellidos",
            "cognome",
            "sobrenome",
            "achternaam",
            "nomdefamille",
        ],
    ),
    (
        Column::LastNamePrefix,
        &[
            "lastnamepreposition",
            "lastnameprefix",
            "surnameprefix",
            "nameprefixlastname",
            "preposition",
            "tussenvoegsel",
            "tussenvoegsels",
            "voorvoegsel",
        ],
    ),
    (
        Column::Nickname,
        &[
            "nickname",
            "nick",
            "knownas",
            "preferredname",
            "alias",
            "surnom",
            "spitzname",
            "apodo",
            "soprannome",
            "roepnaam",
        ],
    ),
    (
        Column::Phone,
        &[
            "phone",
            "phonenumber",
            "phoneno",
            "mobile",
            "mobilephone",
            "mobilenumber",
            "mobileno",
            "mobilephonenumber",
            "cell",
            "cellphone",
            "cellnumber",
            "tel",
            "telno",
            "telephone",
            "telephonenumber",
            "contactnumber",
            "primaryphone",
            "phone1",
            "customerphone",
            "clientphone",
            "telefon",
            "telefonnummer",
            "handy",
            "handynummer",
            "mobil",
            "mobilnummer",
            "telefono",
            "movil",
            "celular",
            "portable",
            "telportable",
            "numerodetelephone",
            "cellulare",
            "numerodicellulare",
            "numerocellulare",
            "telefonocellulare",
            "numeroditelefono",
            "telemovel",
        ],
    ),
    (
        Column::Email,
        &[
            "email",
            "emailaddress",
            "mail",
            "email1",
            "customeremail",
            "clientemail",
            "courriel",
            "adressemail",
            "adresseemail",
            "adresseelectronique",
            "correo",
            "correoelectronico",
            "emailadresse",
            "mailadresse",
            "epost",
        ],
    ),
    (
        Column::Visits,
        &[
            "visits",
            "visitcount",
            "numberofvisits",
            "noofvisits",
            "ofvisits",
            "totalvisits",
            "visitstotal",
            "appointments",
            "numberofappointments",
            "totalappointments",
            "bookings",
            "totalbookings",
            "numberofbookings",
            "orders",
            "numberoforders",
            "totalorders",
            "ordercount",
            "transactions",
            "transactioncount",
            "besuche",
            "anzahlbesuche",
            "anzahlderbesuche",
            "visites",
            "nombredevisites",
            "nbvisites",
            "visitas",
            "numerodevisitas",
        ],
    ),
    (
        Column::TotalSpend,
        &[
            "totalspent",
            "totalspend",
            "spent",
            "spend",
            "amountspent",
            "lifetimevalue",
            "ltv",
            "clv",
            "customerlifetimevalue",
            "lifetimespend",
            "totalsales",
            "sales",
            "netsales",
            "grosssales",
            "revenue",
            "totalrevenue",
            "totalpaid",
            "totalpurchases",
            "totalamount",
            "amountpaid",
            "totalamountpaid",
            "paid",
            "umsatz",
            "gesamtumsatz",
            "umsatzgesamt",
            "chiffredaffaires",
            "ca",
            "totaldepense",
            "depenses",
            "montanttotal",
            "gastototal",
            "totalgastado",
            "importetotal",
            "ventas",
            "fatturato",
            "omzet",
        ],
    ),
    (
        Column::FirstVisit,
        &[
            "firstvisit",
            "firstvisitdate",
            "customersince",
            "clientsince",
            "membersince",
            "firstappointment",
            "firstbooking",
            "firstseen",
            "firstpurchase",
            "firstorder",
            "created",
            "createdat",
            "createdon",
            "datecreated",
            "dateadded",
            "added",
            "addedon",
            "aggiunto",
            "dataaggiunta",
            "datadiaggiunta",
            "joined",
            "joindate",
            "datejoined",
            "signupdate",
            "registrationdate",
            "erstbesuch",
            "ersterbesuch",
            "kundeseit",
            "premierevisite",
            "clientdepuis",
            "datedecreation",
            "primeravisita",
            "clientedesde",
            "primavisita",
        ],
    ),
    (
        Column::LastVisit,
        &[
            "lastvisit",
            "lastvisitdate",
            "lastappointment",
            "lastappointmentdate",
            "lastbooking",
            "lastseen",
            "lastpurchase",
            "lastorder",
            "lastorderdate",
            "mostrecentvisit",
            "latestvisit",
            "letzterbesuch",
            "letztertermin",
            "letzterkauf",
            "dernierevisite",
            "derniervisite",
            "dernierrdv",
            "ultimavisita",
        ],
    ),
];

/// Words that, found inside a longer header, point at a column. Tried in this
/// order, so "Last Visit Date" is a date before it is anything else and
/// "Customer First Name" is a first name before it is a name.
const CONTAINS: &[(Column, &[&str])] = &[
    (
        Column::FirstVisit,
        &[
            "firstvisit",
            "customersince",
            "clientsince",
            "membersince",
            "firstappointment",
            "firstbooking",
            "firstpurchase",
            "firstorder",
            "erstbesuch",
            "ersterbesuch",
            "kundeseit",
        ],
    ),
    (
        Column::LastVisit,
        &[
            "lastvisit",
            "lastappointment",
            "lastbooking",
            "lastpurchase",
            "lastorder",
            "lastseen",
            "recentvisit",
            "letzterbesuch",
        ],
    ),
    (Column::Email, &["email", "mail", "courriel"]),
    (Column::Phone, &["phone", "mobile", "telef", "teleph", "handy"]),
    (Column::Visits, &["visits", "visitcount", "appointments", "bookings", "besuche"]),
    (Column::TotalSpend, &["spent", "spend", "lifetimevalue", "sales", "revenue", "umsatz", "amountpaid"]),
    (Column::FirstName, &["firstname", "givenname", "forename", "vorname", "prenom"]),
    (Column::LastName, &["lastname", "surname", "familyname", "nachname", "apellido"]),
    (Column::Name, &["fullname", "customername", "clientname", "name"]),
];

/// Headers containing one of these are about something else (a consent flag,
/// the stylist, cancelled bookings…) and are never guessed by containment.
const NOT_ABOUT_THE_CUSTOMER: &[&str] = &[
    "optin",
    "optout",
    "consent",
    "subscri",
    "marketing",
    "mailing",
    "newsletter",
    "verified",
    "reminder",
    "notif",
    "cancel",
    "noshow",
    "upcoming",
    "next",
    "missed",
    "staff",
    "stylist",
    "employee",
    "therapist",
    "technician",
    "barber",
    "mechanic",
    "company",
    "business",
    "username",
    "product",
    "service",
    "referr",
    "average",
    "avg",
];

/// Words inside a phone header that say it is a mobile number.
const MOBILE: &[&str] = &["mobil", "cell", "handy", "movil", "celular", "portable", "telemovel"];

fn is_mobile(key: &str) -> bool {
    MOBILE.iter().any(|w| key.contains(w))
}

/// A phone header naming a line in the house or the shop ("Telephone",
/// "Telefono"); a plain "Phone" could be either and is not one.
fn is_landline(key: &str) -> bool {
    !is_mobile(key) && (key.starts_with("tel") || key.starts_with("numerode") || key.starts_with("numerodi"))
}

/// Name headers that, beside a first-name (or last-name) column, hold the
/// other half of the name: "Vorname;Name", "Prénom;Nom", "Nombre;Apellidos".
const HALF_NAME: &[&str] = &["name", "nom", "nombre", "nome", "naam"];

/// Guesses what each header holds.
///
/// Headers are compared without case, accents, spaces or punctuation. An
/// exact match with a known header name wins over a header that merely
/// contains a known word (headers that read like a sentence are only matched
/// exactly); each column is guessed at most once (the first header wins:
/// Fresha's "Numero di cellulare" before its "Telefono", so the mobile
/// number is the one read) and anything unknown is [`Column::Ignore`].
pub fn guess_columns(headers: &[String]) -> Vec<Column> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let mut guessed = vec![Column::Ignore; keys.len()];
    let mut exact_hit = vec![false; keys.len()];

    for (i, key) in keys.iter().enumerate() {
        let Some(column) = exact_match(key) else { continue };
        exact_hit[i] = true;
        if !guessed.contains(&column) {
            guessed[i] = column;
        }
    }
    for (i, key) in keys.iter().enumerate() {
        let unlikely = key.is_empty()
            || looks_like_a_sentence(&headers[i])
            || NOT_ABOUT_THE_CUSTOMER.iter().any(|w| key.contains(w));
        if exact_hit[i] || unlikely {
            continue;
        }
        let found = CONTAINS
            .iter()
            .filter(|(column, _)| !guessed.contains(column))
            .find(|(_, words)| words.iter().any(|w| key.contains(w)));
        if let Some((column, _)) = found {
            guessed[i] = *column;
        }
    }

    // A landline after the mobile number (Fresha's "Numero di cellulare",
    // then "Telefono") is the number to use when a row has no mobile.
    if let Some(mobile) = guessed.iter().position(|c| *c == Column::Phone).filter(|&i| is_mobile(&keys[i])) {
        let landline = (mobile + 1..keys.len()).find(|&i| {
            guessed[i] == Column::Ignore && exact_match(&keys[i]) == Some(Column::Phone) && is_landline(&keys[i])
        });
        if let Some(i) = landline {
            guessed[i] = Column::OtherPhone;
        }
    }

    let has_first = guessed.contains(&Column::FirstName);
    let has_last = guessed.contains(&Column::LastName);
    if has_first != has_last {
        let half = (0..keys.len()).find(|&i| guessed[i] == Column::Name && HALF_NAME.contains(&keys[i].as_str()));
        if let Some(i) = half {
            guessed[i] = if has_first { Column::LastName } else { Column::FirstName };
        }
    }
    guessed
}

fn exact_match(key: &str) -> Option<Column> {
    EXACT.iter().find(|(_, names)| names.contains(&key)).map(|(column, _)| *column)
}

/// A header reduced to lower-case letters and digits without accents:
/// "E-Mail Address" → "emailaddress", "Téléphone" → "telephone".
fn header_key(header: &str) -> String {
    let mut key = String::new();
    for c in header.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => key.push('a'),
            'æ' => key.push_str("ae"),
            'ç' => key.push('c'),
            'è' | 'é' | 'ê' | 'ë' => key.push('e'),
            'ì' | 'í' | 'î' | 'ï' => key.push('i'),
            'ñ' => key.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => key.push('o'),
            'œ' => key.push_str("oe"),
            'ù' | 'ú' | 'û' | 'ü' => key.push('u'),
            'ý' | 'ÿ' => key.push('y'),
            'ß' => key.push_str("ss"),
            c if c.is_alphanumeric() => key.push(c),
            _ => {}
        }
    }
    key
}

/// Whether a row of the file reads like the header row: at least two of its
/// cells are headings Mend knows ("First Name", "Phone"). A title line above
/// the header ("Customer list, 3 Dec 2026") never has two; nor does a row of
/// customers, whose e-mail addresses (the one kind of value that can hold a
/// heading's word, as in "…@gmail.com") are not counted.
pub(super) fn looks_like_a_header_row(cells: &[String]) -> bool {
    let headings: Vec<String> = cells.iter().map(|c| if c.contains('@') { String::new() } else { c.clone() }).collect();
    guess_columns(&headings).iter().filter(|c| **c != Column::Ignore).count() >= 2
}

/// A header cell that reads like prose rather than a column name.
pub(super) fn looks_like_a_sentence(cell: &str) -> bool {
    cell.chars().count() > 60 || cell.split_whitespace().count() > 6
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn synonyms_in_several_languages() {
        let h = headers(&["Vorname", "Nachname", "Telefon", "E-Mail", "Umsatz", "Letzter Besuch"]);
        assert_eq!(
            guess_columns(&h),
            vec![
                Column::FirstName,
                Column::LastName,
                Column::Phone,
                Column::Email,
                Column::TotalSpend,
                Column::LastVisit
            ]
        );
        let h = headers(&["Nom", "Téléphone", "Móvil", "Courriel", "Client depuis"]);
        assert_eq!(
            guess_columns(&h),
            vec![Column::Name, Column::Phone, Column::Ignore, Column::Email, Column::FirstVisit]
        );
    }

    #[test]
    fn exact_match_beats_contains() {
        // "Mobile Number (work)" contains "mobile", but "Tel" is an exact
        // match and is therefore preferred even though it comes later.
        let h = headers(&["Mobile Number (work)", "Tel", "Customer"]);
        assert_eq!(guess_columns(&h), vec![Column::Ignore, Column::Phone, Column::Name]);
    }

    #[test]
    fn contains_match_for_longer_headers() {
        let h = headers(&["Customer First Name", "Customer Last Name", "Date of last visit", "Primary e-mail"]);
        assert_eq!(guess_columns(&h), vec![Column::FirstName, Column::LastName, Column::LastVisit, Column::Email]);
    }

    #[test]
    fn the_first_of_two_equal_headers_wins() {
        let h = headers(&["Phone", "Mobile", "Name"]);
        assert_eq!(guess_columns(&h), vec![Column::Phone, Column::Ignore, Column::Name]);
    }

    #[test]
    fn name_beside_a_first_name_is_the_last_name() {
        assert_eq!(guess_columns(&headers(&["Prénom", "Nom"])), vec![Column::FirstName, Column::LastName]);
        assert_eq!(guess_columns(&headers(&["Nombre", "Apellidos"])), vec![Column::FirstName, Column::LastName]);
    }

    #[test]
    fn a_nickname_is_its_own_column_not_the_name() {
        let h = headers(&["Reference ID", "First Name", "Last Name", "Nickname", "Company Name"]);
        assert_eq!(
            guess_columns(&h),
            vec![Column::Ignore, Column::FirstName, Column::LastName, Column::Nickname, Column::Ignore]
        );
    }

    #[test]
    fn the_dutch_last_name_prefix_is_not_the_name() {
        let h = headers(&["Firstname", "LastnamePreposition", "Lastname", "E-Mail", "Phone", "Mobile"]);
        assert_eq!(
            guess_columns(&h),
            vec![
                Column::FirstName,
                Column::LastNamePrefix,
                Column::LastName,
                Column::Email,
                Column::Phone,
                Column::Ignore
            ]
        );
        assert_eq!(guess_columns(&headers(&["Voornaam", "Tussenvoegsel", "Achternaam"]))[1], Column::LastNamePrefix);
    }

    #[test]
    fn fresha_in_italian_and_english_reads_the_mobile_and_the_added_day() {
        let it = headers(&[
            "ID cliente",
            "Nome",
            "Cognome",
            "Nome e cognome",
            "Numero di cellulare",
            "Telefono",
            "Email",
            "Accetta marketing",
            "Aggiunto",
        ]);
        assert_eq!(
            guess_columns(&it),
            vec![
                Column::Ignore,
                Column::FirstName,
                Column::LastName,
                Column::Ignore,
                Column::Phone,
                Column::OtherPhone,
                Column::Email,
                Column::Ignore,
                Column::FirstVisit
            ]
        );
        let en = headers(&["Client ID", "First name", "Last name", "Full name", "Mobile number", "Telephone", "Added"]);
        assert_eq!(
            guess_columns(&en),
            vec![
                Column::Ignore,
                Column::FirstName,
                Column::LastName,
                Column::Name,
                Column::Phone,
                Column::OtherPhone,
                Column::FirstVisit
            ]
        );
    }

    #[test]
    fn only_a_landline_after_the_mobile_is_the_other_phone() {
        // The first phone column stays the phone, as before.
        assert_eq!(guess_columns(&headers(&["Telephone", "Mobile"])), vec![Column::Phone, Column::Ignore]);
        assert_eq!(guess_columns(&headers(&["Phone", "Mobile"])), vec![Column::Phone, Column::Ignore]);
        assert_eq!(guess_columns(&headers(&["Mobile", "Phone"])), vec![Column::Phone, Column::Ignore]);
        assert_eq!(guess_columns(&headers(&["Handy", "Telefon"])), vec![Column::Phone, Column::OtherPhone]);
    }

    #[test]
    fn vagaro_amount_paid_and_appointments_booked() {
        let h = headers(&[
            "Mobile",
            "Day",
            "Night",
            "Customer Since",
            "Last Visited",
            "Appointments Booked",
            "Amount Paid",
        ]);
        assert_eq!(
            guess_columns(&h),
            vec![
                Column::Phone,
                Column::Ignore,
                Column::Ignore,
                Column::FirstVisit,
                Column::LastVisit,
                Column::Visits,
                Column::TotalSpend
            ]
        );
    }

    #[test]
    fn a_header_row_has_two_known_headings() {
        let row = |cells: &[&str]| looks_like_a_header_row(&headers(cells));
        assert!(row(&["First Name", "Last Name", "Notes"]));
        assert!(row(&["Kundennr", "Vorname", "Telefon"]));
        assert!(!row(&["Customers List"]));
        assert!(!row(&["Customer export, 3 December 2026", "", ""]));
        assert!(!row(&["Name"]), "one heading alone could be a title");
        // A customer's row: an e-mail address holds "mail" but is no heading.
        assert!(!row(&["Ana", "ana.phone@gmail.com", "555 0100"]));
    }

    #[test]
    fn headers_about_something_else_are_ignored() {
        let h = headers(&["Name", "Email marketing opt-in", "Stylist name", "Cancelled appointments"]);
        assert_eq!(guess_columns(&h), vec![Column::Name, Column::Ignore, Column::Ignore, Column::Ignore]);
    }
}

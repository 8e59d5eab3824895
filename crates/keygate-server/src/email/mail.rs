//! The texts of the action mails, worded as Keycloak's default email theme.

use super::smtp::Mail;
use crate::login::templates::escape;

/// "12 hours", "5 minutes": the link lifespan as Keycloak's `linkExpirationFormatter`.
pub fn lifespan_text(seconds: i64) -> String {
    let minutes = (seconds / 60).max(1);
    let (n, unit) = if minutes % 1440 == 0 {
        (minutes / 1440, "day")
    } else if minutes % 60 == 0 {
        (minutes / 60, "hour")
    } else {
        (minutes, "minute")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// The display name of a required action in mails and pages.
pub fn action_name(action: &str) -> &str {
    match action {
        "UPDATE_PASSWORD" => "Update Password",
        "VERIFY_EMAIL" => "Verify Email",
        "UPDATE_PROFILE" => "Update Profile",
        other => other,
    }
}

fn html(paragraphs: &[String], link: &str, link_text: &str) -> String {
    let mut body = String::from("<html><body>");
    for (i, p) in paragraphs.iter().enumerate() {
        body.push_str(&format!("<p>{}</p>", escape(p)));
        if i == 0 {
            body.push_str(&format!(
                "<p><a href=\"{}\">{}</a></p>",
                escape(link),
                escape(link_text)
            ));
        }
    }
    body.push_str("</body></html>");
    body
}

/// The `execute-actions-email` mail.
pub fn execute_actions(to: &str, realm: &str, actions: &[String], link: &str, life: i64) -> Mail {
    let names: Vec<&str> = actions.iter().map(|a| action_name(a)).collect();
    let first = format!(
        "Your administrator has just requested that you update your {realm} account by performing the following action(s): {}. Click on the link below to start this process.",
        names.join(", ")
    );
    let rest = vec![
        format!("This link will expire within {}.", lifespan_text(life)),
        "If you are unaware that your administrator has requested this, just ignore this message and nothing will be changed.".to_string(),
    ];
    let text = format!("{first}\n\n{link}\n\n{}\n\n{}\n", rest[0], rest[1]);
    let mut paragraphs = vec![first];
    paragraphs.extend(rest);
    Mail {
        to: to.to_string(),
        subject: "Update Your Account".into(),
        text,
        html: html(&paragraphs, link, "Link to account update"),
    }
}

/// The `send-verify-email` mail.
pub fn verify_email(to: &str, realm: &str, link: &str, life: i64) -> Mail {
    let first = format!(
        "Someone has created a {realm} account with this email address. If this was you, click the link below to verify your email address"
    );
    let rest = vec![
        format!("This link will expire within {}.", lifespan_text(life)),
        "If you didn't create this account, just ignore this message.".to_string(),
    ];
    let text = format!("{first}\n\n{link}\n\n{}\n\n{}\n", rest[0], rest[1]);
    let mut paragraphs = vec![first];
    paragraphs.extend(rest);
    Mail {
        to: to.to_string(),
        subject: "Verify email".into(),
        text,
        html: html(&paragraphs, link, "Link to e-mail address verification"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifespans_read_as_keycloak_writes_them() {
        assert_eq!(lifespan_text(43_200), "12 hours");
        assert_eq!(lifespan_text(86_400), "1 day");
        assert_eq!(lifespan_text(300), "5 minutes");
        assert_eq!(lifespan_text(10), "1 minute");
    }
}

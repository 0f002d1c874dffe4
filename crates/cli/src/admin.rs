//! `zhifa admin …`: account administration from the command line.

use clap::Subcommand;
use zhifa_store::write::Actor;

/// Administrative commands.
#[derive(Subcommand)]
pub enum AdminCommand {
    /// Create an account. The password is read from ZHIFA_NEW_PASSWORD or standard input, never
    /// from the command line (which other users of the machine can see).
    CreateUser {
        /// Login name.
        #[arg(long)]
        username: String,
        /// Name shown in the interface.
        #[arg(long)]
        display_name: String,
        /// Role: system_admin, body_admin, officer, reviewer, head, supervisor (or the Chinese name).
        #[arg(long)]
        role: String,
        /// The body (id) the account belongs to; required except for system administrators.
        #[arg(long)]
        body_id: Option<i64>,
        /// The officer (id) this account is.
        #[arg(long)]
        officer_id: Option<i64>,
    },
}

fn read_password() -> Result<String, String> {
    if let Ok(p) = std::env::var("ZHIFA_NEW_PASSWORD") {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).map_err(|e| format!("无法读取密码：{e}"))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// Runs an admin command.
pub async fn run(store: &zhifa_store::Store, cmd: AdminCommand) -> Result<(), String> {
    match cmd {
        AdminCommand::CreateUser { username, display_name, role, body_id, officer_id } => {
            let password = read_password()?;
            let req = zhifa_app::accounts::NewUser { username, display_name, password, role, body_id, officer_id };
            let cmd = zhifa_app::accounts::new_user_command(&req, false).map_err(|e| e.to_string())?;
            let out = store.execute(&Actor::system(), cmd).await.map_err(|e| e.to_string())?;
            println!("已创建账号 {}（编号 {}）", req.username, out.id);
            Ok(())
        }
    }
}

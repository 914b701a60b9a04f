package demodata

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vaultdesk/vaultdesk/internal/bitwarden/api"
)

// client is a client organization's plaintext description.
type client struct {
	name        string
	domain      string // businessx.example
	tenant      string // businessx.onmicrosoft.com
	net         int    // second octet of its 10.x network
	collections []string
}

// coll returns the first of the preferred collections the client has, or
// the default collection.
func (c *client) coll(preferred ...string) []string {
	for _, p := range preferred {
		if slices.Contains(c.collections, p) {
			return []string{p}
		}
	}
	return []string{defaultCollection}
}

// both returns every one of names the client has (at least the default).
func (c *client) both(names ...string) []string {
	var out []string
	for _, n := range names {
		if slices.Contains(c.collections, n) {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return []string{defaultCollection}
	}
	return out
}

// orgItems makes n items for c: first the ones every client has (the
// router, the firewall, the domain controllers, the M365 admin…), then
// per-device and per-person entries until there are n. trash of them are
// marked deleted.
func (g *gen) orgItems(c *client, n, trash int) []Item {
	var items []Item
	add := func(it Item) {
		if len(items) < n {
			it.OrgName = c.name
			g.decorate(&it)
			items = append(items, it)
		}
	}
	login := func(name string, colls []string, user, uri, notes string) Item {
		it := Item{Type: api.CipherLogin, Name: name, Collections: colls, Username: user, Password: g.secret(), Notes: notes}
		if uri != "" {
			it.URIs = []URI{g.uri(uri)}
		}
		return it
	}
	note := func(name string, colls []string, notes string) Item {
		return Item{Type: api.CipherSecureNote, Name: name, Collections: colls, Notes: notes}
	}
	ip := func(host int) string { return fmt.Sprintf("10.%d.0.%d", c.net, host) }
	short := strings.TrimSuffix(c.domain, ".example")

	// The core set.
	it := login("Core router (MikroTik)", c.coll("Network"), "admin", "https://"+ip(1), "RouterOS 7.15. WinBox on port 8291, SSH on 22 from the MSP jump host only.")
	it.URIs = append(it.URIs, URI{URI: "winbox://" + ip(1), Match: ptr(api.MatchNever)})
	it.Fields = append(it.Fields, Field{Type: api.FieldText, Name: "Serial number", Value: "HE" + g.digits(8)})
	add(it)

	it = login("FortiGate firewall", c.both("Network/Firewalls", "Network"), "admin", "https://fw."+c.domain+":8443", "FortiOS 7.4. Config backups nightly to the Backup NAS.")
	it.TOTP = g.totpSecret()
	it.Fields = append(it.Fields, Field{Type: api.FieldHidden, Name: "Maintainer password", Value: g.password()})
	add(it)

	it = login("Wi-Fi guest network", c.coll("Network/Wi-Fi", "Network"), c.name+" Guest", "", "WPA2-PSK, rotated quarterly. Printed on the reception card.")
	it.Password = g.passphrase()
	it.Fields = append(it.Fields, Field{Type: api.FieldText, Name: "SSID", Value: c.name + " Guest"}, Field{Type: api.FieldBoolean, Name: "Client isolation", Value: "true"})
	add(it)

	it = login("Wi-Fi staff network", c.coll("Network/Wi-Fi", "Network"), "", "", "WPA3-Enterprise via NPS on DC01; this is the fallback PSK.")
	it.Fields = append(it.Fields, Field{Type: api.FieldText, Name: "SSID", Value: strings.ToUpper(short)})
	add(it)

	add(login("Edge switch ("+g.pick(switches)+")", c.coll("Network/Switches", "Network"), "admin", "https://"+ip(2), "Core stack; VLAN 10 data, 20 voice, 30 guest, 99 management."))
	add(login("ISP broadband portal", c.coll("Network"), "accounts@"+c.domain, "https://myaccount.isp.example", "Account number "+g.digits(10)+". Static /29."))
	it = login("Public DNS (Cloudflare)", c.coll("Network"), "it@"+c.domain, "https://dash.cloudflare.com", "")
	it.TOTP = g.totp("Cloudflare", "it@"+c.domain)
	add(it)
	add(note("Site-to-site VPN", c.coll("Network/Firewalls", "Network"), "IPsec IKEv2 to the MSP data centre.\nPhase 1: AES256-SHA256, DH 20.\nPeer: vpn."+c.domain))

	it = login("Domain controller DC01", c.coll("Servers"), short+`\Administrator`, "rdp://dc01."+c.domain, "Windows Server 2022. FSMO roles holder.")
	it.Fields = append(it.Fields, Field{Type: api.FieldHidden, Name: "DSRM password", Value: g.password()})
	it.Reprompt = true
	add(it)
	add(login("Domain controller DC02", c.coll("Servers"), short+`\Administrator`, "rdp://dc02."+c.domain, "Windows Server 2022. Secondary DC and DHCP failover."))
	it = login("Backup NAS (Synology)", c.both("Servers", "Backups"), "msp-admin", "https://nas."+c.domain+":5001", "DS923+, SHR-2. Hyper Backup to C2 nightly.")
	it.TOTP = g.totp("Synology", "msp-admin")
	add(it)
	add(login("Hyper-V host HV01", c.coll("Servers/Hyper-V", "Servers"), short+`\Administrator`, "rdp://hv01."+c.domain, "Dell PowerEdge R650. Hosts DC01, FS01, APP01."))
	add(login("iDRAC HV01", c.coll("Servers/Hyper-V", "Servers"), "root", "https://"+ip(20), "Out-of-band management."))
	add(login("File server FS01", c.coll("Servers"), short+`\svc-backup`, "rdp://fs01."+c.domain, ""))
	add(login("SQL Server sa", c.coll("Servers"), "sa", "", "SQL Server 2019 on APP01. Use only for break-glass."))

	it = login("M365 global admin", c.coll("M365"), "admin@"+c.tenant, "https://admin.microsoft.com", "Break-glass account excluded from conditional access. Do not use day to day.")
	it.TOTP = g.totp("Microsoft", "admin@"+c.tenant)
	it.URIs = append(it.URIs, URI{URI: "https://entra.microsoft.com", Match: ptr(api.MatchHost)})
	add(it)
	add(login("M365 break-glass account", c.coll("M365"), "breakglass@"+c.tenant, "https://login.microsoftonline.com", "Sealed envelope copy in the client's safe."))
	add(login("Exchange Online admin", c.coll("M365"), "exo-admin@"+c.domain, "https://admin.exchange.microsoft.com", ""))
	add(login("Entra Connect sync account", c.coll("M365", "Servers"), "Sync_DC01_"+g.digits(6)+"@"+c.tenant, "", "Created by Entra Connect on DC01."))

	it = login("Line-of-business app admin", c.coll("Line of business"), "admin", "https://app."+c.domain, "Vendor support: support@vendor.example, contract "+g.digits(6)+".")
	it.URIs = append(it.URIs, URI{URI: `^https://app\.` + strings.ReplaceAll(c.domain, ".", `\.`) + `/admin`, Match: ptr(api.MatchRegex)})
	add(it)
	add(login(g.pick(lobApps)+" admin", c.coll("Line of business"), "finance@"+c.domain, "", ""))
	add(Item{Type: api.CipherCard, Name: "Company credit card", Collections: c.coll("Line of business"), Card: g.card(c.name + " Ltd"), Notes: "For software renewals only."})
	first, last := g.person()
	add(Item{Type: api.CipherIdentity, Name: "Director — " + first + " " + last, Collections: c.coll("Line of business"), Identity: g.identity(c.name, c.domain)})
	add(note("Alarm and door codes", c.coll("Line of business"), "Front door: "+g.digits(4)+"#\nAlarm unset: "+g.digits(4)+"\nKey holder: facilities@"+c.domain))
	add(Item{Type: api.CipherSSHKey, Name: "Deploy key (backup server)", Collections: c.coll("Servers"), SSHKey: g.sshKey("backup@" + c.domain)})

	if slices.Contains(c.collections, "Backups") {
		add(login("Veeam Backup & Replication", c.coll("Backups"), short+`\svc-veeam`, "https://veeam."+c.domain+":9443", ""))
		add(login("Backblaze B2 bucket", c.coll("Backups"), "keyID "+g.digits(8), "https://secure.backblaze.com", "Immutable bucket, 30-day object lock."))
	}
	if slices.Contains(c.collections, "CCTV") {
		add(login("NVR admin (Hikvision)", c.coll("CCTV"), "admin", "http://"+ip(60), "16 channels, 30 days retention."))
	}

	// Per-device and per-person entries, until there are n.
	for i := 1; len(items) < n; i++ {
		switch i % 9 {
		case 0, 5:
			f, l := g.person()
			mail := strings.ToLower(f + "." + strings.ReplaceAll(l, "'", "") + "@" + c.domain)
			it := login(fmt.Sprintf("Mailbox — %s", mail), c.coll("M365"), mail, "https://outlook.office.com", "")
			if g.chance(0.3) {
				it.TOTP = g.totp("Microsoft", mail)
			}
			add(it)
		case 1:
			add(login(fmt.Sprintf("Workstation WS-%03d local admin", i), c.coll("Servers"), ".\\msp-local", "", "LAPS fallback password."))
		case 2:
			add(login(fmt.Sprintf("Printer PRN-%02d (%s)", i, g.pick(printers)), c.coll("Network"), "admin", "http://"+ip(100+i%150), ""))
		case 3:
			if slices.Contains(c.collections, "CCTV") && g.chance(0.5) {
				add(login(fmt.Sprintf("Camera CAM-%02d (%s)", i, g.pick(cameras)), c.coll("CCTV"), "admin", "http://"+ip(150+i%100), ""))
			} else {
				add(login(fmt.Sprintf("Access point AP-%02d (%s)", i, g.pick(aps)), c.coll("Network/Wi-Fi", "Network"), "admin", "https://"+ip(30+i%50), ""))
			}
		case 4:
			s := saas[g.r.IntN(len(saas))]
			it := login(fmt.Sprintf("%s (%d)", s.name, i), c.coll("Line of business"), "it@"+c.domain, "https://"+s.host, "")
			if g.chance(0.4) {
				it.TOTP = g.totp(s.name, "it@"+c.domain)
			}
			add(it)
		case 6:
			switch g.r.IntN(4) {
			case 0:
				f, l := g.person()
				add(Item{Type: api.CipherIdentity, Name: fmt.Sprintf("Staff — %s %s", f, l), Collections: c.coll("Line of business"), Identity: g.identity(c.name, c.domain)})
			case 1:
				f, l := g.person()
				add(Item{Type: api.CipherCard, Name: fmt.Sprintf("Purchasing card %s", g.digits(4)), Collections: c.coll("Line of business"), Card: g.card(f + " " + l)})
			case 2:
				add(Item{Type: api.CipherSSHKey, Name: fmt.Sprintf("SSH key — server %02d", i), Collections: c.coll("Servers"), SSHKey: g.sshKey(fmt.Sprintf("srv%02d@%s", i, c.domain))})
			default:
				add(note(fmt.Sprintf("Change log %d", i), c.coll("Servers", "Network"), fmt.Sprintf("Ticket #%s: patched and rebooted.\nNext window: first Sunday.", g.digits(5))))
			}
		case 7:
			add(login(fmt.Sprintf("Server VM-%02d", i), c.coll("Servers/Hyper-V", "Servers"), short+`\Administrator`, fmt.Sprintf("rdp://vm%02d.%s", i, c.domain), ""))
		case 8:
			add(note(fmt.Sprintf("VLAN %d notes", 100+i), c.coll("Network/Switches", "Network"), fmt.Sprintf("Subnet 10.%d.%d.0/24, gateway .1, DHCP on DC01.", c.net, i%250)))
		}
	}
	// Trash the last few: a realistic mix of retired kit.
	for i := 0; i < trash && i < len(items); i++ {
		items[len(items)-1-i*3].Deleted = true
	}
	return items
}

// personalItems is the technician's own vault: tools of the trade, vendors,
// a few personal things.
func (g *gen) personalItems(owner string) []Item {
	var items []Item
	add := func(folder string, fav bool, it Item) {
		it.Owner, it.Folder, it.Favorite = owner, folder, fav
		g.decorate(&it)
		items = append(items, it)
	}
	login := func(name, user, uri string) Item {
		return Item{Type: api.CipherLogin, Name: name, Username: user, Password: g.secret(), URIs: []URI{g.uri(uri)}}
	}
	withTOTP := func(it Item, issuer string) Item { it.TOTP = g.totp(issuer, it.Username); return it }
	user := strings.SplitN(owner, "@", 2)[0]
	work := user + "@msp.example"

	add("MSP tools", true, withTOTP(login("PSA (ConnectWise Manage)", work, "https://na.myconnectwise.net"), "ConnectWise"))
	add("MSP tools", true, withTOTP(login("RMM (NinjaOne)", work, "https://app.ninjarmm.com"), "NinjaOne"))
	add("MSP tools", false, withTOTP(login("Documentation (IT Glue)", work, "https://msp.itglue.com"), "IT Glue"))
	add("MSP tools", true, withTOTP(login("Microsoft Partner Center", work, "https://partner.microsoft.com"), "Microsoft"))
	add("MSP tools", false, login("Remote support (ScreenConnect)", work, "https://msp.screenconnect.com"))
	add("MSP tools", false, withTOTP(login("GitHub", user+"-msp", "https://github.com"), "GitHub"))
	add("MSP tools", false, withTOTP(login("AWS root (MSP)", "aws-root@msp.example", "https://signin.aws.amazon.com"), "AWS"))
	add("MSP tools", false, login("Azure (MSP tenant)", work, "https://portal.azure.com"))
	add("MSP tools", false, Item{Type: api.CipherSSHKey, Name: "Jump host key", SSHKey: g.sshKey(work)})
	add("MSP tools", false, Item{Type: api.CipherSecureNote, Name: "On-call runbook", Notes: "1. Acknowledge in the PSA within 15 min.\n2. Check RMM alerts.\n3. Escalate to the duty manager after 1 h."})
	add("MSP tools", false, Item{Type: api.CipherSecureNote, Name: "GitHub recovery codes", Notes: strings.Join([]string{g.digits(5) + "-" + g.digits(5), g.digits(5) + "-" + g.digits(5), g.digits(5) + "-" + g.digits(5)}, "\n")})
	for _, v := range []struct{ name, host string }{
		{"Pax8 portal", "app.pax8.com"}, {"Ingram Micro", "uk.ingrammicro.com"}, {"Dell TechDirect", "tdm.dell.com"},
		{"HP Partner Portal", "partner.hp.com"}, {"Ubiquiti account", "account.ui.com"}, {"Fortinet support", "support.fortinet.com"},
		{"Synology account", "account.synology.com"}, {"Veeam portal", "my.veeam.com"}, {"Microsoft Learn", "learn.microsoft.com"},
		{"Sophos Central", "central.sophos.com"}, {"Datto portal", "portal.dattobackup.com"}, {"Cisco account", "id.cisco.com"},
	} {
		add("Vendors", false, login(v.name, work, "https://"+v.host))
	}
	add("", false, login("Slack (MSP)", work, "https://msp.slack.com"))
	add("", false, login("Zoom", work, "https://zoom.us"))
	add("", false, login("Company intranet", work, "https://intranet.msp.example"))
	add("Personal", true, login("Personal email", user+".home@mail.example", "https://mail.example"))
	add("Personal", false, login("Amazon", user+".home@mail.example", "https://www.amazon.co.uk"))
	add("Personal", false, login("Netflix", user+".home@mail.example", "https://www.netflix.com"))
	add("Personal", false, withTOTP(login("Bank (personal)", g.digits(8), "https://online.bank.example"), "Bank"))
	add("Personal", false, login("Home router", "admin", "http://192.168.1.1"))
	add("Personal", false, Item{Type: api.CipherSecureNote, Name: "Home alarm code", Notes: "Unset: " + g.digits(4) + "\nDuress: " + g.digits(4)})
	first, last := g.person()
	add("Personal", true, Item{Type: api.CipherCard, Name: "Visa (personal)", Card: g.card(first + " " + last)})
	add("", false, Item{Type: api.CipherCard, Name: "MSP company Amex", Card: g.card("MSP Example Ltd")})
	add("Personal", false, Item{Type: api.CipherIdentity, Name: "Me", Identity: g.identity("MSP Example Ltd", "msp.example")})
	add("Travel", false, login("Airline", user+".home@mail.example", "https://www.airline.example"))
	add("Travel", false, login("Hotel loyalty", user+".home@mail.example", "https://hotel.example"))
	add("Travel", false, Item{Type: api.CipherSecureNote, Name: "Passport details", Notes: "Number " + g.digits(9) + ", expires 2031."})
	add("Travel", false, Item{Type: api.CipherIdentity, Name: "Travel profile", Identity: g.identity("", "mail.example")})
	add("", false, login("Old VPN appliance", "admin", "https://vpn-old.msp.example"))
	add("", false, login("Test tenant (retired)", "admin@msptest.onmicrosoft.com", "https://admin.microsoft.com"))
	items[len(items)-1].Deleted = true
	items[len(items)-2].Deleted = true
	return items
}

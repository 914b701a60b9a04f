export namespace app {
	
	export interface About {
	    name: string;
	    version: string;
	}
	export interface AccessEntry {
	    id: string;
	    name: string;
	    level: string;
	}
	export interface AccessGrant {
	    kind: string;
	    id: string;
	    level: string;
	}
	export interface AccountView {
	    id: string;
	    email: string;
	    server: string;
	    serverLabel: string;
	    locked: boolean;
	    keychain: boolean;
	    lastSync: string;
	    offline: boolean;
	    syncError: string;
	}
	export interface AdminOrg {
	    accountId: string;
	    accountEmail: string;
	    orgId: string;
	    name: string;
	    role: string;
	    canViewAdmin: boolean;
	    canManageUsers: boolean;
	    canManageOwners: boolean;
	    canCreateCollections: boolean;
	    canEditAnyCollection: boolean;
	    canDeleteAnyCollection: boolean;
	    canManageGroups: boolean;
	    managesCollections: boolean;
	    seats?: number;
	    useGroups: boolean;
	    damaged: boolean;
	}
	export interface OrgPin {
	    accountId: string;
	    orgId: string;
	}
	export interface Settings {
	    clipboardClearSeconds: number;
	    lockTimeoutMinutes: number;
	    theme: string;
	    pinnedOrgs: OrgPin[];
	}
	export interface AppState {
	    accounts: AccountView[];
	    settings: Settings;
	    sandbox: boolean;
	}
	export interface BulkItem {
	    accountId: string;
	    id: string;
	}
	export interface UIError {
	    code: string;
	    message: string;
	}
	export interface BulkResult {
	    accountId: string;
	    id: string;
	    name: string;
	    done: boolean;
	    error?: UIError;
	}
	export interface HiddenValue {
	    value?: string;
	    set: boolean;
	    tag: string;
	}
	export interface CardForm {
	    cardholderName: string;
	    brand: string;
	    expMonth: string;
	    expYear: string;
	    number: HiddenValue;
	    code: HiddenValue;
	}
	export interface Change {
	    field: string;
	    old: string;
	    new: string;
	    secret: boolean;
	}
	export interface OverviewTotals {
	    orgs: number;
	    items: number;
	    collections: number;
	    membersKnown: number;
	    members: MemberCounts;
	    pending: number;
	    seatsUsed: number;
	    seats: number;
	    weak: number;
	    reused: number;
	    notChecked: number;
	}
	export interface MemberCounts {
	    invited: number;
	    accepted: number;
	    confirmed: number;
	    revoked: number;
	}
	export interface OverviewRow {
	    accountId: string;
	    accountEmail: string;
	    orgId: string;
	    name: string;
	    role: string;
	    items: number;
	    collections: number;
	    members?: MemberCounts;
	    pending?: number;
	    membersError?: string;
	    seatsUsed?: number;
	    seats?: number;
	    weak: number;
	    reused: number;
	    notChecked: number;
	}
	export interface ClientOverview {
	    orgs: OverviewRow[];
	    total: OverviewTotals;
	    errors: string[];
	}
	export interface ColleagueResult {
	    orgId: string;
	    orgName: string;
	    outcome: string;
	    status?: string;
	    error?: string;
	}
	export interface CollectionAccess {
	    id: string;
	    level: string;
	}
	export interface CollectionOption {
	    id: string;
	    name: string;
	}
	export interface CollectionRef {
	    id: string;
	    path: string;
	}
	export interface CollectionRow {
	    id: string;
	    path: string;
	    name: string;
	    depth: number;
	    damaged: boolean;
	    members: AccessEntry[];
	    groups: AccessEntry[];
	    canEdit: boolean;
	    canDelete: boolean;
	}
	export interface ConfirmOutcome {
	    accountId: string;
	    orgId: string;
	    memberId: string;
	    email: string;
	    confirmed: boolean;
	    code?: string;
	    error?: string;
	}
	export interface QueueEntry {
	    accountId: string;
	    orgId: string;
	    orgName: string;
	    memberId: string;
	    email: string;
	    role: string;
	    phrase: string;
	    checked: string;
	    accountEmail: string;
	    canConfirm: boolean;
	}
	export interface ConfirmQueue {
	    entries: QueueEntry[];
	    errors: string[];
	}
	export interface ConfirmRequest {
	    accountId: string;
	    orgId: string;
	    memberId: string;
	    checked: string;
	    unchecked: boolean;
	}
	export interface CopyView {
	    field: string;
	    label: string;
	    itemName: string;
	    orgName: string;
	    accountEmail: string;
	    clearsAt: number;
	}
	export interface CreatedOrg {
	    accountId: string;
	    orgId: string;
	    name: string;
	    firstCollection: string;
	    collectionsCreated: string[];
	    groupsCreated: string[];
	    templateError?: string;
	}
	export interface FieldForm {
	    name: string;
	    type: number;
	    value: string;
	    hidden?: HiddenValue;
	    linkedId?: number;
	    index?: number;
	}
	export interface FingerprintInfo {
	    accountId: string;
	    orgId: string;
	    orgName: string;
	    memberId: string;
	    email: string;
	    role: string;
	    phrase: string;
	    checked: string;
	}
	export interface FolderOption {
	    id: string;
	    name: string;
	}
	export interface GeneratorLimits {
	    minLength: number;
	    maxLength: number;
	    maxMinCount: number;
	    minWords: number;
	    maxWords: number;
	    maxSeparatorLen: number;
	}
	export interface GeneratorOptions {
	    kind: string;
	    length: number;
	    lowercase: boolean;
	    uppercase: boolean;
	    digits: boolean;
	    symbols: boolean;
	    minDigits: number;
	    minSymbols: number;
	    avoidAmbiguous: boolean;
	    words: number;
	    separator: string;
	    capitalize: boolean;
	    includeNumber: boolean;
	}
	export interface GeneratorDefaults {
	    password: GeneratorOptions;
	    passphrase: GeneratorOptions;
	    limits: GeneratorLimits;
	}
	
	
	export interface GroupInput {
	    name: string;
	    members: string[];
	    collections: CollectionAccess[];
	}
	export interface NamedRef {
	    id: string;
	    name: string;
	}
	export interface GroupRow {
	    id: string;
	    name: string;
	    members: NamedRef[];
	    collections: AccessEntry[];
	}
	
	export interface IdentityForm {
	    title: string;
	    firstName: string;
	    middleName: string;
	    lastName: string;
	    username: string;
	    company: string;
	    email: string;
	    phone: string;
	    address1: string;
	    address2: string;
	    address3: string;
	    city: string;
	    state: string;
	    postalCode: string;
	    country: string;
	    ssn: HiddenValue;
	    passportNumber: HiddenValue;
	    licenseNumber: HiddenValue;
	}
	export interface MemberPermissions {
	    accessEventLogs: boolean;
	    accessImportExport: boolean;
	    accessReports: boolean;
	    createNewCollections: boolean;
	    editAnyCollection: boolean;
	    deleteAnyCollection: boolean;
	    manageGroups: boolean;
	    managePolicies: boolean;
	    manageSso: boolean;
	    manageUsers: boolean;
	    manageResetPassword: boolean;
	    manageScim: boolean;
	}
	export interface InviteRequest {
	    emails: string;
	    role: string;
	    permissions?: MemberPermissions;
	    collections: CollectionAccess[];
	    groups: string[];
	}
	export interface InviteResult {
	    invited: string[];
	}
	export interface ItemAttachment {
	    id: string;
	    name: string;
	    size: string;
	}
	export interface ItemCard {
	    holder: string;
	    brand: string;
	    expMonth: string;
	    expYear: string;
	    hasNumber: boolean;
	    hasCode: boolean;
	}
	export interface ItemCollection {
	    id: string;
	    name: string;
	    readOnly: boolean;
	    hidePasswords: boolean;
	}
	export interface ItemField {
	    name: string;
	    kind: string;
	    value: string;
	    hasValue: boolean;
	    withheld: boolean;
	    linked: string;
	}
	export interface SSHKeyForm {
	    publicKey: string;
	    fingerprint: string;
	    hasPrivateKey: boolean;
	}
	export interface URIForm {
	    uri: string;
	    match?: number;
	}
	export interface LoginForm {
	    username: string;
	    password: HiddenValue;
	    totp: HiddenValue;
	    uris: URIForm[];
	}
	export interface ItemForm {
	    id: string;
	    revisionDate: string;
	    type: number;
	    name: string;
	    notes: string;
	    folderId: string;
	    folderName: string;
	    favorite: boolean;
	    reprompt: boolean;
	    orgId: string;
	    orgName: string;
	    collectionIds: string[];
	    collectionNames: string[];
	    readOnly: boolean;
	    readOnlyReason: string;
	    hiddenByAccess: boolean;
	    login?: LoginForm;
	    card?: CardForm;
	    identity?: IdentityForm;
	    sshKey?: SSHKeyForm;
	    fields: FieldForm[];
	}
	export interface ItemHistory {
	    lastUsed: number;
	}
	export interface ItemIdentity {
	    title: string;
	    firstName: string;
	    middleName: string;
	    lastName: string;
	    company: string;
	    email: string;
	    phone: string;
	    username: string;
	    address1: string;
	    address2: string;
	    address3: string;
	    city: string;
	    state: string;
	    postalCode: string;
	    country: string;
	    hasSsn: boolean;
	    hasPassport: boolean;
	    hasLicense: boolean;
	}
	export interface ItemURI {
	    uri: string;
	    match: string;
	    launchable: boolean;
	}
	export interface ItemLogin {
	    username: string;
	    uris: ItemURI[];
	    hasPassword: boolean;
	    hasTotp: boolean;
	    passwordRevised: number;
	}
	export interface ItemSSHKey {
	    publicKey: string;
	    fingerprint: string;
	    hasPrivateKey: boolean;
	}
	
	export interface ItemView {
	    id: string;
	    accountId: string;
	    accountEmail: string;
	    type: number;
	    typeName: string;
	    name: string;
	    orgId: string;
	    orgName: string;
	    folderId: string;
	    folderName: string;
	    collections: ItemCollection[];
	    favorite: boolean;
	    deleted: boolean;
	    damaged: boolean;
	    canEdit: boolean;
	    canViewPassword: boolean;
	    reprompt: boolean;
	    login?: ItemLogin;
	    card?: ItemCard;
	    identity?: ItemIdentity;
	    sshKey?: ItemSSHKey;
	    notes: string;
	    fields: ItemField[];
	    history: ItemHistory[];
	    attachments: ItemAttachment[];
	    created: number;
	    revised: number;
	    deletedAt: number;
	}
	
	
	export interface MemberRow {
	    id: string;
	    email: string;
	    name: string;
	    role: string;
	    status: string;
	    twoFactor: boolean;
	    permissions?: MemberPermissions;
	    groups: NamedRef[];
	    collections: AccessEntry[];
	    canManage: boolean;
	}
	export interface MemberList {
	    accountId: string;
	    orgId: string;
	    orgName: string;
	    seatsUsed: number;
	    seats?: number;
	    members: MemberRow[];
	}
	
	
	export interface MemberUpdate {
	    role?: string;
	    permissions?: MemberPermissions;
	    collections?: CollectionAccess[];
	    groups?: string[];
	}
	
	export interface NewCollection {
	    name: string;
	    access: AccessGrant[];
	}
	export interface NewOrgRequest {
	    name: string;
	    billingEmail: string;
	    template: string;
	}
	
	export interface OrgTarget {
	    id: string;
	    name: string;
	    collections: CollectionOption[];
	}
	
	
	
	
	export interface SavedItem {
	    accountId: string;
	    id: string;
	    name: string;
	    revisionDate: string;
	}
	export interface SearchRow {
	    id: string;
	    accountId: string;
	    accountEmail: string;
	    name: string;
	    username: string;
	    host: string;
	    type: number;
	    orgId: string;
	    orgName: string;
	    collections: string[];
	    favorite: boolean;
	    deleted: boolean;
	    damaged: boolean;
	    canEdit: boolean;
	    canViewPassword: boolean;
	    hasPassword: boolean;
	    hasTotp: boolean;
	    reprompt: boolean;
	}
	export interface SearchPage {
	    text: string;
	    total: number;
	    offset: number;
	    rows: SearchRow[];
	}
	export interface SearchQuery {
	    text: string;
	    accountId: string;
	    orgId: string;
	    collectionId: string;
	    folderId: string;
	    type: number;
	    favorites: boolean;
	    trash: boolean;
	    offset: number;
	    limit: number;
	}
	
	
	export interface SidebarFolder {
	    id: string;
	    name: string;
	    count: number;
	    damaged: boolean;
	}
	export interface SidebarCollection {
	    id: string;
	    name: string;
	    path: string;
	    depth: number;
	    hasChildren: boolean;
	    count: number;
	    readOnly: boolean;
	    hidePasswords: boolean;
	    manage: boolean;
	    damaged: boolean;
	}
	export interface SidebarOrg {
	    accountId: string;
	    id: string;
	    name: string;
	    role: string;
	    count: number;
	    damaged: boolean;
	    canAdmin: boolean;
	    pinned: boolean;
	    collections: SidebarCollection[];
	}
	export interface SidebarAccount {
	    id: string;
	    email: string;
	    server: string;
	    myVault: number;
	    orgs: SidebarOrg[];
	    folders: SidebarFolder[];
	    noFolder: number;
	}
	
	
	
	export interface TypeCount {
	    type: number;
	    name: string;
	    count: number;
	}
	export interface SidebarTotals {
	    all: number;
	    favorites: number;
	    trash: number;
	    types: TypeCount[];
	}
	export interface SidebarView {
	    accounts: SidebarAccount[];
	    totals: SidebarTotals;
	    pinned: OrgPin[];
	}
	export interface SignInRequest {
	    server: string;
	    email: string;
	    password: string;
	    twoFactorMethod: string;
	    twoFactorCode: string;
	    newDeviceCode: string;
	    clientId: string;
	    clientSecret: string;
	}
	export interface SignInResult {
	    status: string;
	    account?: AccountView;
	    methods: string[];
	    emailSent: boolean;
	}
	export interface TOTPView {
	    code: string;
	    period: number;
	    remaining: number;
	    remainingMs: number;
	}
	export interface Targets {
	    folders: FolderOption[];
	    orgs: OrgTarget[];
	}
	export interface TemplateGroupInfo {
	    name: string;
	    access: AccessEntry[];
	}
	export interface TemplateInfo {
	    id: string;
	    description: string;
	    collections: string[];
	    groups: TemplateGroupInfo[];
	}
	
	

}


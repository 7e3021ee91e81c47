// Node-RED settings for the bench: headless (no editor, no HTTP port opened), nothing phoned home, and a log
// quiet enough not to cost anything per message. The flow file and user dir come from the command line.
module.exports = {
    httpAdminRoot: false,
    httpNodeRoot: false,
    uiHost: '127.0.0.1',
    credentialSecret: false,
    diagnostics: { enabled: false, ui: false },
    telemetry: { enabled: false, updateNotification: false },
    logging: { console: { level: 'info', metrics: false, audit: false } },
};

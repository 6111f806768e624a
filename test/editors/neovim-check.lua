-- Headless Neovim (0.7+) with docs/editors/neovim-0.7.lua (or neovim.lua), as a user has it: two specs of one project share
-- one server; diagnostics arrive; the code action at column 0 of a line offers that line's fixes; code lenses
-- come. Writes what it saw as JSON to $CURSUS_CHECK_OUT. Run by test/editors.test.ts.
local out = {}
local config, ws, result = os.getenv('CURSUS_EDITOR_CONFIG'), os.getenv('CURSUS_WS'), os.getenv('CURSUS_CHECK_OUT')
-- Each wait for the server (findings, an answer, lenses), in milliseconds: the test's ceiling, which only a hang reaches.
local wait = tonumber(os.getenv('CURSUS_EDITOR_WAIT_S') or '20') * 1000
local ok, err = pcall(function()
vim.g.cursus_lsp_cmd = { os.getenv('CURSUS_NODE'), os.getenv('CURSUS_LSP_BIN'), '--stdio' }
if os.getenv('CURSUS_EDITOR_SHIM') then vim.cmd('luafile ' .. os.getenv('CURSUS_EDITOR_SHIM')) end
out.version = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. '.' .. tostring(vim.version().patch)
vim.cmd('luafile ' .. config)
vim.cmd('filetype on')
vim.cmd('edit ' .. ws .. '/specs/broken.pipeline.yaml')
local broken = vim.api.nvim_get_current_buf()
vim.cmd('edit ' .. ws .. '/specs/demo.pipeline.yaml')
local demo = vim.api.nvim_get_current_buf()
out.diagnostics = vim.wait(wait, function() return #vim.diagnostic.get(broken) > 0 end, 100)
local ids = {}
for _, b in ipairs({ broken, demo }) do
  for id, _ in pairs(vim.lsp.buf_get_clients(b)) do ids[tostring(id)] = true end
end
out.clients = vim.tbl_count(ids)
local first = next(ids)
local client = vim.lsp.get_client_by_id(tonumber(first))
-- What vim.lsp.buf.code_action() sends with the cursor at column 0 of the line of the edge to 'XGBoostTrainig'.
local lines = vim.api.nvim_buf_get_lines(broken, 0, -1, false)
local line
for i, l in ipairs(lines) do if l:find('XGBoostTrainig', 1, true) then line = i - 1 end end
vim.api.nvim_set_current_buf(broken)
local params = { textDocument = { uri = vim.uri_from_bufnr(broken) }, range = { start = { line = line, character = 0 }, ['end'] = { line = line, character = 0 } } }
params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(broken, line) }
local actions = client.request_sync('textDocument/codeAction', params, wait, broken)
out.actions = {}
for _, a in ipairs((actions and actions.result) or {}) do table.insert(out.actions, a.title) end
vim.api.nvim_set_current_buf(demo)
vim.lsp.codelens.refresh()
vim.wait(wait, function() return #vim.lsp.codelens.get(demo) > 0 end, 100)
out.lenses = {}
for _, l in ipairs(vim.lsp.codelens.get(demo)) do table.insert(out.lenses, l.command and l.command.title or '?') end
end)
if not ok then out.error = tostring(err) end
local f = io.open(result, 'w')
f:write(vim.fn.json_encode(out))
f:close()
vim.cmd('qa!')

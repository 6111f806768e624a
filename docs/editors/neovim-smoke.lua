-- Headless Neovim (0.7+) smoke test: start cursus-lsp for a spec, wait for diagnostics, ask for completion and hover.
-- Run from a copy of examples/ named ws:  cp -r examples /tmp/nv/ws && cd /tmp/nv &&
--   nvim --headless -u NONE -c 'luafile /path/to/cursus-lsp/docs/editors/neovim-smoke.lua'
local server = os.getenv('CURSUS_LSP') or 'cursus-lsp'
local file = vim.fn.getcwd() .. '/ws/specs/broken.pipeline.yaml'
vim.cmd('edit ' .. file)
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'cursus-lsp',
  cmd = { server, '--stdio' },
  root_dir = vim.fn.getcwd() .. '/ws',
})
vim.lsp.buf_attach_client(buf, client_id)
local ok = vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 100)
print('diagnostics ' .. tostring(ok) .. ' ' .. #vim.diagnostic.get(buf))
for _, d in ipairs(vim.diagnostic.get(buf)) do
  print(string.format('  %d:%d %s %s', d.lnum + 1, d.col + 1, tostring(d.code), d.message:sub(1, 70)))
end
local client = vim.lsp.get_client_by_id(client_id)
-- completion under environ_vars of the first spec (line 21 "      LABEL_FIELD: label", 0-based 20, col 6)
local res = client.request_sync('textDocument/completion', { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 20, character = 6 } }, 5000, buf)
local labels = {}
for _, item in ipairs((res and res.result) or {}) do table.insert(labels, item.label) end
print('completion: ' .. table.concat(labels, ', '))
local hov = client.request_sync('textDocument/hover', { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 13, character = 20 } }, 5000, buf)
print('hover: ' .. ((hov and hov.result and hov.result.contents.value) or 'nil'):gsub('\n', ' '):sub(1, 160))
-- definition of the logical name DATA (line 15 "      DATA: data/raw" in broken.pipeline.yaml) into the contract
local def = client.request_sync('textDocument/definition', { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 16, character = 7 } }, 5000, buf)
local loc = def and def.result and def.result[1]
print('definition: ' .. (loc and (vim.uri_to_fname(loc.uri):match('[^/]+$') .. ':' .. (loc.range.start.line + 1)) or 'nil'))
-- quick fixes on the misspelt key `input_path:` (line 16)
local actions = client.request_sync('textDocument/codeAction', { textDocument = { uri = vim.uri_from_bufnr(buf) }, range = { start = { line = 15, character = 4 }, ['end'] = { line = 15, character = 4 } }, context = { diagnostics = {} } }, 5000, buf)
local titles = {}
for _, a in ipairs((actions and actions.result) or {}) do table.insert(titles, a.title) end
print('code actions: ' .. table.concat(titles, ' | '))
vim.cmd('qa!')

-- cursus-lsp for Neovim 0.7: one server per project root (not one per buffer), code lenses kept fresh, and
-- :CursusRun to run the lens on the cursor line (Run pipeline / Run script / Run edge).
-- Use it with `luafile /path/to/cursus-lsp/docs/editors/neovim-0.7.lua` in init.vim, or copy it into init.lua.
-- `cursus-lsp` must be on the PATH (see the README), or set vim.g.cursus_lsp_cmd = { 'node', '/path/bin/cursus-lsp.js', '--stdio' }.
local markers = { 'pyproject.toml', '.cursus-lsp.yaml', '.git' }
local clients = {} -- project root -> client id

-- Neovim 0.7 has no vim.fs: walk up from the file to the nearest folder holding a marker.
local function root_of(path)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  while true do
    for _, m in ipairs(markers) do
      local p = dir .. '/' .. m
      if vim.fn.filereadable(p) == 1 or vim.fn.isdirectory(p) == 1 then return dir end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then return vim.fn.getcwd() end
    dir = parent
  end
end

-- 0.7 does not take workspace/codeLens/refresh from the server: refresh on the editor's own events, and only
-- once the server is up (a refresh sent before that leaves 0.7's lens state stuck for the buffer).
local function on_attach(_, buf)
  local refresh = function()
    if vim.api.nvim_get_current_buf() == buf then vim.lsp.codelens.refresh() end
  end
  vim.api.nvim_create_autocmd({ 'BufEnter', 'CursorHold', 'InsertLeave' }, { buffer = buf, callback = refresh })
  refresh()
end

local function attach(buf)
  local name = vim.api.nvim_buf_get_name(buf)
  if name == '' then return end
  local root = root_of(name)
  local id = clients[root]
  if not (id and vim.lsp.get_client_by_id(id)) then
    id = vim.lsp.start_client({
      name = 'cursus-lsp',
      cmd = vim.g.cursus_lsp_cmd or { 'cursus-lsp', '--stdio' },
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
      on_attach = on_attach,
    })
    clients[root] = id
  end
  vim.lsp.buf_attach_client(buf, id)
end

vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'yaml', 'json' },
  callback = function(args) attach(args.buf) end,
})
-- Runs the code lens of the cursor line (and refreshes the lenses when the run is over).
vim.api.nvim_create_user_command('CursusRun', function() vim.lsp.codelens.run() end, {})

-- cursus-lsp for Neovim 0.8 and later: vim.lsp.start reuses one server per name and root directory, so every
-- spec of a project (the nearest folder up holding pyproject.toml, .cursus-lsp.yaml or .git) shares one server.
-- Code lenses (Run pipeline / Run script / Run edge) are asked for once the server is attached to a buffer and
-- again on entering it, after a pause and after leaving insert mode; :CursusRun runs the lens of the cursor line.
-- `cursus-lsp` must be on the PATH (see the README), or set vim.g.cursus_lsp_cmd = { 'node', '/path/bin/cursus-lsp.js', '--stdio' }.
local function on_attach(_, buf)
  -- Not before the server is up: an early refresh leaves the buffer's lens request pending for good.
  local refresh = function()
    if vim.api.nvim_get_current_buf() == buf then vim.lsp.codelens.refresh() end
  end
  vim.api.nvim_create_autocmd({ 'BufEnter', 'CursorHold', 'InsertLeave' }, { buffer = buf, callback = refresh })
  refresh()
end

vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'yaml', 'json' },
  callback = function(args)
    local file = vim.api.nvim_buf_get_name(args.buf)
    if file == '' then return end
    local marker = vim.fs.find({ 'pyproject.toml', '.cursus-lsp.yaml', '.git' }, { upward = true, path = vim.fs.dirname(file) })[1]
    vim.lsp.start({
      name = 'cursus-lsp',
      cmd = vim.g.cursus_lsp_cmd or { 'cursus-lsp', '--stdio' },
      root_dir = marker and vim.fs.dirname(marker) or vim.fn.getcwd(),
      on_attach = on_attach,
    })
  end,
})
vim.api.nvim_create_user_command('CursusRun', function() vim.lsp.codelens.run() end, {})

/**
 * A private, throwaway PostgreSQL 15 cluster in a temp folder (initdb as the postgres user, a free
 * loopback port, its unix socket in the same folder), so the bench can stop it hard without
 * touching the machine's main cluster.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { freePort } from './child-server.ts'

const run = promisify(execFile)
const bin = '/usr/lib/postgresql/15/bin'

export type Cluster = {
  /** postgres://… of the `sheyang` database, with PostGIS. */
  url: string
  /** Stops at once (-m immediate: no checkpoint, recovery on the next start). */
  crash(): Promise<void>
  start(): Promise<void>
  /** Stops the cluster and removes its folder. */
  remove(): Promise<void>
}

export async function createCluster(): Promise<Cluster> {
  const folder = mkdtempSync(join(tmpdir(), 'sheyang-pg-'))
  const data = join(folder, 'data')
  const port = await freePort()
  // We run as root; PostgreSQL refuses to, so the cluster is the postgres user's.
  const asPostgres = (command: string, args: string[]) =>
    run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { timeout: 120_000 })
  const pgCtl = (...args: string[]) => asPostgres('pg_ctl', ['-D', data, '-w', '-t', '60', ...args])
  const remove = async () => {
    await pgCtl('-m', 'immediate', 'stop').catch(() => {})
    rmSync(folder, { recursive: true, force: true })
  }
  try {
    mkdirSync(data)
    await run('chown', ['-R', 'postgres:postgres', folder])
    await asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C'])
    const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1`
    const start = async () => {
      await pgCtl('-l', join(folder, 'log'), '-o', options, 'start')
    }
    await start()
    await asPostgres('psql', ['-h', folder, '-p', String(port), '-U', 'postgres', '-c', 'CREATE DATABASE sheyang'])
    return {
      url: `postgres://postgres@127.0.0.1:${port}/sheyang`,
      crash: async () => {
        await pgCtl('-m', 'immediate', 'stop')
      },
      start,
      remove,
    }
  } catch (error) {
    await remove()
    throw error
  }
}

import type { Metadata } from 'next';
import { ACCEPTED_EXTENSIONS, UPLOAD_LIMITS } from 'lib/server/upload';
import { UploadForm } from 'components/upload/upload-form';

export const metadata: Metadata = { title: 'Upload' };

const MiB = 1024 * 1024;

export default function UploadPage() {
  const limits = `${ACCEPTED_EXTENSIONS.join(', ')} · at most ${UPLOAD_LIMITS.maxFileBytes / MiB} MiB per file, ${UPLOAD_LIMITS.maxTotalBytes / MiB} MiB and ${UPLOAD_LIMITS.maxFiles} files in total`;
  return (
    <div className="max-w-3xl space-y-4">
      <h1 className="text-2xl font-bold">Upload a cluster dump or manifests</h1>
      <p className="text-slate-700 dark:text-slate-300">
        Files from <code className="font-mono">kubectl get pods,svc,endpointslices,networkpolicies,nodes -A -o yaml</code>, plain manifests (Deployments stand for the pods
        they would create), or a <code className="font-mono">packetpath snapshot</code> file. Several files make one source. Secrets are not needed and should not be uploaded.
      </p>
      <UploadForm accept={ACCEPTED_EXTENSIONS} limits={limits} />
    </div>
  );
}

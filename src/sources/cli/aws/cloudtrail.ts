/**
 * CloudTrail trails whose home is this region. `describe-trails` also lists, in every region,
 * the shadow copies of multi-region trails homed elsewhere; keeping only home-region trails gives
 * each trail exactly once. `get-trail-status` adds whether it is logging at all.
 */
import { z } from 'zod';
import type { Resource } from '../../resource.ts';
import type { CliRunner } from '../exec.ts';
import { awsResource, inRegion, type AwsAccount } from './resource.ts';

const trails = z.object({
  trailList: z.array(
    z.object({
      Name: z.string(),
      TrailARN: z.string(),
      HomeRegion: z.string().nullish(),
      S3BucketName: z.string().nullish(),
      S3KeyPrefix: z.string().nullish(),
      SnsTopicName: z.string().nullish(),
      IncludeGlobalServiceEvents: z.boolean().nullish(),
      IsMultiRegionTrail: z.boolean().nullish(),
      IsOrganizationTrail: z.boolean().nullish(),
      LogFileValidationEnabled: z.boolean().nullish(),
      KmsKeyId: z.string().nullish(),
      CloudWatchLogsLogGroupArn: z.string().nullish(),
      CloudWatchLogsRoleArn: z.string().nullish(),
    }),
  ),
});

const trailStatus = z.object({ IsLogging: z.boolean().nullish() });

export async function collectTrails(runner: CliRunner, account: AwsAccount, region: string): Promise<Resource[]> {
  const answer = await runner.json(inRegion(region, ['cloudtrail', 'describe-trails']), trails);
  const home = answer.trailList.filter((trail) => (trail.HomeRegion ?? region) === region);
  return Promise.all(
    home.map(async (trail) => {
      const status = await runner.json(inRegion(region, ['cloudtrail', 'get-trail-status', '--name', trail.TrailARN]), trailStatus);
      return awsResource(account, {
        id: trail.TrailARN,
        type: 'aws:cloudtrail/trail:Trail',
        nativeType: 'AWS::CloudTrail::Trail',
        name: trail.Name,
        region,
        nativeId: trail.TrailARN,
        props: {
          name: trail.Name,
          s3BucketName: trail.S3BucketName,
          s3KeyPrefix: trail.S3KeyPrefix,
          snsTopicName: trail.SnsTopicName,
          includeGlobalServiceEvents: trail.IncludeGlobalServiceEvents,
          isMultiRegionTrail: trail.IsMultiRegionTrail ?? false,
          isOrganizationTrail: trail.IsOrganizationTrail,
          enableLogFileValidation: trail.LogFileValidationEnabled ?? false,
          kmsKeyId: trail.KmsKeyId,
          cloudWatchLogsGroupArn: trail.CloudWatchLogsLogGroupArn,
          cloudWatchLogsRoleArn: trail.CloudWatchLogsRoleArn,
          enableLogging: status.IsLogging ?? undefined,
        },
      });
    }),
  );
}
